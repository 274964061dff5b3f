namespace Hotline.Jobs.Data;

/// <summary>
/// One ticket as the reports see it: the milestones that matter for indicators, never the caller's phone, name,
/// address or text. <see cref="Site"/> is the compound or site part of the address (no building or house number),
/// which is what "the same place" means in a brief.
/// </summary>
public sealed record TicketFact(
    string TicketId, DateTime ReceivedAt, string? Channel, string? RequestType, string? Category, string? District,
        string? Township,
    string? Site, string? LeadUnit, bool Confidential, string Status, DateTime? FirstDispatchedAt,
        DateTime? FirstSignedAt,
    DateTime? FirstRepliedAt, DateTime? DueAt, DateTime? ClosedAt, string? Satisfaction, bool? Resolved,
    int ReturnCount, int ReopenCount, int SupervisionCount, string? CallerHash, string? Title)
{
    /// <summary>
    /// SQL for the site of a ticket's address (alias t or none): the address up to its first building, unit or house
    /// number. Every report that groups "the same place" uses this one expression.
    /// </summary>
    public static string SiteSql(string table = "") =>
        $"nullif(regexp_replace(coalesce({table}address, ''), '[0-9０-９]+(号|栋|幢|单元|室|楼).*$', ''), '')";

    /// <summary>Tickets received in [from, to), with the columns above.</summary>
    public static List<TicketFact> Load(DuckDBConnection conn, DateTime from, DateTime to) => Sql.Rows(conn, $"""
        SELECT ticket_id, received_at, channel, request_type, category, district, township, {SiteSql()} AS site,
               lead_unit, coalesce(confidential, false), status, first_dispatched_at, first_signed_at,
                   first_replied_at, due_at,
               closed_at, satisfaction, resolved, return_count, reopen_count, supervision_count, caller_phone_hash,
                   title
        FROM tickets WHERE received_at >= $from AND received_at < $to
        ORDER BY received_at, ticket_id
        """, r =>
            new TicketFact(r.GetString(0), r.GetDateTime(1), r.Str(2), r.Str(3), r.Str(4), r.Str(5), r.Str(6),
            r.Str(7), r.Str(8),
        r.GetBoolean(9), r.GetString(10), r.Time(11), r.Time(12), r.Time(13), r.Time(14), r.Time(15), r.Str(16),
        r.IsDBNull(17) ? null : r.GetBoolean(17), (int)r.Long(18), (int)r.Long(19), (int)r.Long(20), r.Str(21),
            r.Str(22)),
        ("from", from), ("to", to));
}

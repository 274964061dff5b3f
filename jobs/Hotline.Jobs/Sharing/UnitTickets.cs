namespace Hotline.Jobs.Sharing;

/// <summary>
/// A ticket as a handling unit sees it: its own role (lead/assist), the deadline, what happened and the caller's
/// callback result. Text is masked; there is no phone, caller id, address or coordinate.
/// </summary>
public sealed record UnitTicket(string TicketId, string UnitRole, DateTime? ReceivedAt, string? Channel,
    string? RequestType, string? Category,
    string? District, string? Township, string Title, string Content, string Status, string? DeadlineTier,
        DateTime? DueAt, bool Overdue,
    DateTime? FirstSignedAt, DateTime? FirstRepliedAt, DateTime? ClosedAt, long ReturnCount, long ReopenCount,
        string? LastOutcome,
    string? Satisfaction, bool? Resolved, bool Confidential, DateTime LastEventAt);

public sealed record UnitTicketPage(string UnitId, IReadOnlyList<UnitTicket> Items, string? NextCursor);

/// <summary>
/// The one definition of "a unit's tickets", used by the API and the daily drop alike: the unit is the current lead
/// or an assisting unit, and confidential tickets are left out unless the reader is the centre. Pages are keyset
/// pages on (last_event_at, ticket_id), so a unit polling with <c>since</c> sees every change exactly once in order.
/// </summary>
public static class UnitTickets
{
    public const int MaxPage = 500;

    private const string Columns = """
        ticket_id, CASE WHEN lead_unit = $unit THEN 'lead' ELSE 'assist' END, received_at, channel, request_type,
            category, district, township,
        title, content, status, deadline_tier, due_at, overdue, first_signed_at, first_replied_at, closed_at,
            return_count, reopen_count,
        last_outcome, satisfaction, resolved, coalesce(confidential, false), last_event_at
        """;

    private const string Scope = TicketScope.UnitSql;

    /// <summary>
    /// The columns <see cref="UnitTicketIndex"/> holds: the same row without the reader's role, then lead_unit and
    /// assist_units (the role is decided per reader from those two).
    /// </summary>
    internal static readonly string IndexColumns =
        Columns.Replace("CASE WHEN lead_unit = $unit THEN 'lead' ELSE 'assist' END", "'lead'")
        + ", lead_unit, coalesce(assist_units, [])";

    internal const int IndexColumnCount = 26;

    public static UnitTicketPage Page(DuckDBConnection conn, AccessRole reader, string unitId, DateTime? since,
        string? cursor, int limit)
    {
        if (limit is < 1 or > MaxPage) throw new ArgumentException($"limit must be between 1 and {MaxPage}");
        if (!reader.MayReadUnit(unitId)) return new UnitTicketPage(unitId, [], null);
        var (afterAt, afterId) = cursor is null ? (since ?? DateTime.MinValue, "") : DecodeCursor(cursor);
        var rows = Sql.Rows(conn, $"""
            SELECT {Columns} FROM tickets
            WHERE {Scope} AND (last_event_at > $at OR (last_event_at = $at AND ticket_id > $id))
            ORDER BY last_event_at, ticket_id LIMIT $limit
            """, Read, ("unit", unitId), ("everything", reader.IsCentre), ("at", afterAt), ("id", afterId),
                ("limit", limit + 1));
        var more = rows.Count > limit;
        if (more) rows.RemoveAt(rows.Count - 1);
        return new UnitTicketPage(unitId, rows, more ? EncodeCursor(rows[^1].LastEventAt, rows[^1].TicketId) : null);
    }

    /// <summary>The unit's latest received tickets in its scope, newest first (the console's portal).</summary>
    public static List<UnitTicket> Latest(DuckDBConnection conn, AccessRole reader, string unitId, int limit) =>
        !reader.MayReadUnit(unitId) ? []
            : Sql.Rows(conn, $"SELECT {Columns} FROM tickets WHERE {Scope} ORDER BY received_at DESC, ticket_id "
                + "LIMIT $limit", Read, ("unit", unitId), ("everything", reader.IsCentre), ("limit", limit));

    /// <summary>The unit that led the most tickets (the demo shows its view), or null in an empty warehouse.</summary>
    public static string? Busiest(DuckDBConnection conn) => Sql.Scalar<string>(conn,
        "SELECT lead_unit FROM tickets WHERE lead_unit IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");

    /// <summary>How many tickets are in the unit's scope.</summary>
    public static long Count(DuckDBConnection conn, AccessRole reader, string unitId) =>
        !reader.MayReadUnit(unitId) ? 0
            : Sql.Rows(conn, $"SELECT count(*) FROM tickets WHERE {Scope}", r => r.GetInt64(0), ("unit", unitId),
            ("everything", reader.IsCentre))[0];

    /// <summary>
    /// One ticket if it is in the unit's scope, else null (the API answers 404 either way: existence is not revealed).
    /// </summary>
    public static UnitTicket? One(DuckDBConnection conn, AccessRole reader, string unitId, string ticketId) =>
        !reader.MayReadUnit(unitId) ? null
            : Sql.Rows(conn, $"SELECT {Columns} FROM tickets WHERE ticket_id = $tid AND {Scope}", Read,
            ("unit", unitId), ("everything", reader.IsCentre), ("tid", ticketId)).FirstOrDefault();

    /// <summary>
    /// Every unit's in-scope tickets that changed in [from, to): the daily drop's content, never confidential.
    /// </summary>
    public static List<(string UnitId, UnitTicket Ticket)> ChangedBetween(DuckDBConnection conn, DateTime from,
        DateTime to) =>
        Sql.Rows(conn, $"""
            WITH changed AS (SELECT * FROM tickets WHERE last_event_at >= $from AND last_event_at < $to
                AND NOT coalesce(confidential, false)),
                 scoped AS (SELECT lead_unit AS unit, * FROM changed WHERE lead_unit IS NOT NULL
                            UNION ALL SELECT unnest(assist_units) AS unit, * FROM changed)
            SELECT unit, {Columns.Replace("$unit", "unit")} FROM scoped ORDER BY unit, last_event_at, ticket_id
            """, r => (r.GetString(0), ReadAt(r, 1)), ("from", from), ("to", to));

    private static UnitTicket Read(DuckDBDataReader r) => ReadAt(r, 0);

    internal static UnitTicket ReadRow(DuckDBDataReader r) => ReadAt(r, 0);

    private static UnitTicket ReadAt(DuckDBDataReader r, int o) => new(
        r.GetString(o), r.GetString(o + 1), r.Time(o + 2), r.Str(o + 3), r.Str(o + 4), r.Str(o + 5), r.Str(o + 6),
            r.Str(o + 7),
        TextMasker.Mask(r.Str(o + 8)), TextMasker.Mask(r.Str(o + 9)), r.GetString(o + 10), r.Str(o + 11),
            r.Time(o + 12), r.GetBoolean(o + 13),
        r.Time(o + 14), r.Time(o + 15), r.Time(o + 16), r.Long(o + 17), r.Long(o + 18), r.Str(o + 19), r.Str(o + 20),
        r.IsDBNull(o + 21) ? null : r.GetBoolean(o + 21), r.GetBoolean(o + 22), r.GetDateTime(o + 23));

    internal static string EncodeCursor(DateTime at, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{at.Ticks.ToString(CultureInfo.InvariantCulture)}|{id}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static (DateTime, string) DecodeCursor(string cursor)
    {
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            var bar = text.IndexOf('|');
            var ticks = long.Parse(text[..bar], NumberStyles.None, CultureInfo.InvariantCulture);
            return (new DateTime(ticks), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw new FormatException("cursor is not one this server issued (use next_cursor from the previous page)");
        }
    }
}

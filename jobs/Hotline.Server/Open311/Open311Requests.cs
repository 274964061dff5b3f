using DuckDB.NET.Data;
using Hotline.Ingest.Contract;

namespace Hotline.Server.Open311;

/// <summary>A GET requests.json query, already checked.</summary>
public sealed record Open311Query(IReadOnlyList<string>? Ids, IReadOnlyList<string>? ServiceCodes, string? Status,
    DateTime From, DateTime To, int Limit);

/// <summary>
/// Service requests as Open311 clients read them, from the materialized tickets. Who sees what is decided in SQL:
/// the centre every request; a unit the non-confidential tickets it leads or assists; an intake channel the ones it
/// submitted. Texts are masked; the place is given down to the township and the point to about a kilometre, never
/// the exact address.
/// </summary>
public static class Open311Requests
{
    public const int MaxLimit = 1000;

    private const string Columns = """
        t.ticket_id, t.status, t.category, t.content, t.lead_unit, t.received_at, t.last_event_at, t.due_at,
        t.district, t.township, t.lat, t.lon,
        (SELECT e.reply_text FROM ticket_events e WHERE e.ticket_id = t.ticket_id AND e.type = 'replied'
         ORDER BY e.occurred_at DESC, e.seq DESC LIMIT 1)
        """;

    /// <summary>
    /// The scope clause for a reader. Without a key (or with one that reads no tickets, such as public), a request
    /// submitted through Open311 can be looked up by its id alone: the id is 64 random bits the submitter was given
    /// (GeoReport clients read status without a key), like a tracking number; nothing is listed.
    /// </summary>
    private static string Scope(AccessRole? role) => role?.Kind switch
    {
        RoleKind.Centre => "true",
        RoleKind.Unit => "(t.lead_unit = $unit OR list_contains(coalesce(t.assist_units, []), $unit)) "
            + "AND NOT coalesce(t.confidential, false)",
        RoleKind.Intake => "t.ticket_id IN (SELECT ticket_id FROM open311_submissions WHERE key_id = $key)",
        _ => "t.ticket_id IN (SELECT ticket_id FROM open311_submissions)",
    };

    /// <summary>Who may list requests (not only look one up by its id).</summary>
    public static bool MayList(AccessRole? role) => role?.Kind is RoleKind.Centre or RoleKind.Unit or RoleKind.Intake;

    public static List<Open311Request> List(DuckDBConnection conn, ApiKey? key, Open311Catalogue catalogue,
        Open311Query q)
    {
        if (!MayList(key?.Role) && q.Ids is null) return [];
        var where = new List<string> { Scope(key?.Role) };
        var args = new List<(string, object?)> { ("unit", key?.Role.UnitId ?? ""), ("key", key?.KeyId ?? "") };
        if (q.Ids is { } ids)
        {
            where.Add("t.ticket_id IN (SELECT unnest($ids))");
            args.Add(("ids", ids.ToList()));
        }
        else
        {
            where.Add("t.received_at >= $from AND t.received_at < $to");
            args.Add(("from", q.From));
            args.Add(("to", q.To));
            if (q.ServiceCodes is { } codes)
            {
                where.Add("list_contains($codes, t.category)");
                args.Add(("codes", codes.ToList()));
            }
            if (q.Status is "closed") where.Add("t.status IN ('closed', 'terminated')");
            else if (q.Status is "open") where.Add("t.status NOT IN ('closed', 'terminated')");
        }
        var sql = $"SELECT {Columns} FROM tickets t WHERE {string.Join(" AND ", where)} "
            + $"ORDER BY t.received_at DESC, t.ticket_id LIMIT {Math.Clamp(q.Limit, 1, MaxLimit)}";
        var found = Sql.Rows(conn, sql, r => Read(r, catalogue), [.. args]);
        if (q.Ids is not null && key?.Role.Kind is not RoleKind.Unit)
            found.AddRange(Pending(conn, key, catalogue, q.Ids.Except(found.Select(f => f.ServiceRequestId))));
        return found;
    }

    /// <summary>
    /// Submissions the stream has accepted but the warehouse has not yet materialized (a second or so): open, with a
    /// note saying so, so a client that reads right after POST does not get a 404.
    /// </summary>
    private static IEnumerable<Open311Request> Pending(DuckDBConnection conn, ApiKey? key, Open311Catalogue catalogue,
        IEnumerable<string> ids)
    {
        var missing = ids.ToList();
        if (missing.Count == 0) return [];
        return Sql.Rows(conn, "SELECT s.ticket_id, s.service_code, s.submitted_at FROM open311_submissions s "
            + "WHERE s.ticket_id IN (SELECT unnest($ids)) AND ($any OR s.key_id = $key) "
            + "AND s.ticket_id NOT IN (SELECT ticket_id FROM tickets)",
            r => new Open311Request
            {
                ServiceRequestId = r.GetString(0), Status = "open", StatusNotes = "已受理，正在登记",
                ServiceCode = r.GetString(1), ServiceName = catalogue.Find(r.GetString(1))?.Name,
                RequestedDatetime = EventJson.FormatTime(r.GetDateTime(2)),
                UpdatedDatetime = EventJson.FormatTime(r.GetDateTime(2)),
            }, ("ids", missing), ("any", key?.Role.Kind is not RoleKind.Intake), ("key", key?.KeyId ?? ""));
    }

    private static Open311Request Read(DuckDBDataReader r, Open311Catalogue catalogue)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        DateTime? Time(int i) => r.IsDBNull(i) ? null : r.GetDateTime(i);
        var status = r.GetString(1);
        var closed = status is "closed" or "terminated";
        var code = Text(2);
        var lead = Text(4) is { } u ? catalogue.UnitNames.GetValueOrDefault(u, u) : null;
        var reply = Text(12);
        return new Open311Request
        {
            ServiceRequestId = r.GetString(0),
            Status = closed ? "closed" : "open",
            StatusNotes = reply is not null ? Clip(TextMasker.Mask(reply)) : Progress(status, lead),
            ServiceCode = code ?? "",
            ServiceName = code is null ? null : catalogue.CategoryNames.GetValueOrDefault(code),
            Description = Text(3) is { } c ? Clip(TextMasker.Mask(c)) : null,
            AgencyResponsible = lead,
            RequestedDatetime = EventJson.FormatTime(Time(5) ?? r.GetDateTime(6)),
            UpdatedDatetime = EventJson.FormatTime(r.GetDateTime(6)),
            ExpectedDatetime = !closed && Time(7) is { } due ? EventJson.FormatTime(due) : null,
            Address = Where(catalogue, Text(8), Text(9)),
            Lat = r.IsDBNull(10) ? null : Math.Round(r.GetDouble(10), 2),
            Long = r.IsDBNull(11) ? null : Math.Round(r.GetDouble(11), 2),
        };
    }

    /// <summary>From the most specific place to the most general, as GeoReport asks, stopping at the
    /// township.</summary>
    private static string Where(Open311Catalogue catalogue, string? district, string? township)
    {
        string? Name(string? code) => code is not null && catalogue.Areas.TryGetValue(code, out var a) ? a.Name : null;
        return string.Join("，", new[] { Name(township), Name(district), catalogue.CityName }
            .Where(n => n is not null));
    }

    private static string Progress(string status, string? lead) => status switch
    {
        "received" => "已受理，正在派单",
        "dispatched" or "signed" => lead is null ? "已派单办理" : $"已转{lead}办理",
        "returned" => "承办单位退回，正在重新派单",
        "reopened" => "已重新交办",
        "terminated" => "已终止办理",
        "closed" => "已办结",
        _ => "办理中",
    };

    private static string Clip(string s) =>
        s.Length <= Open311Submission.MaxDescription ? s : s[..(Open311Submission.MaxDescription - 1)] + "…";
}

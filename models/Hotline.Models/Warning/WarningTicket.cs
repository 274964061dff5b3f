namespace Hotline.Models.Warning;

/// <summary>What the early-warning detectors see of a ticket: when, where, what, who (hashed), and its words.</summary>
/// <param name="Place">Where the matter happened, from the ticket's address with house numbers cut off (a compound,
/// site, restaurant or school); detectors key on it, and the alert card names it when most calls share it (a site,
/// never a door).</param>
public sealed record WarningTicket(string TicketId, DateTime ReceivedAt, string? Category, string? RiskGroup,
    string? District,
    string? Township, string? Caller, string Text, string? Place = null, bool Confidential = false);

public static class WarningData
{
    /// <summary>
    /// Tickets received in [from, to), in receipt order. The category is the one known soonest: the dispatch
    /// assistant's suggestion (streaming mode), else the intake category, else the final one (history loaded
    /// before the assistant existed). The caller is the salted phone hash, or the caller id when there is none.
    /// </summary>
    public static List<WarningTicket> Load(DuckDBConnection conn, DateTime from, DateTime to)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            WITH created AS (
                SELECT ticket_id, any_value(received_at) AS received_at, any_value(category) AS category,
                    any_value(district) AS district,
                       any_value(township) AS township, coalesce(any_value(caller_phone_hash),
                           any_value(caller_id)) AS caller,
                       any_value(coalesce(title, '') || ' ' || coalesce(content, '')) AS text,
                       -- 兰山区银雀山街道阳光花园3号楼2单元 → 兰山区银雀山街道阳光花园: the place, not the door
                       nullif(regexp_replace(any_value(address), '[0-9０-９一二三四五六七八九十]+(号楼|栋|幢|单元|号|室|层|楼).*$', ''),
                           '') AS place,
                       coalesce(any_value(confidential), false) AS confidential
                FROM ticket_events WHERE type = 'created' AND received_at >= $from AND received_at < $to
                    GROUP BY ticket_id)
            SELECT c.ticket_id, c.received_at, coalesce(s.category, c.category, t.category) AS category, k.risk_group,
                   c.district, c.township, c.caller, c.text, c.place, c.confidential
            FROM created c
            LEFT JOIN route_suggestions s USING (ticket_id)
            LEFT JOIN tickets t USING (ticket_id)
            LEFT JOIN categories k ON k.code = coalesce(s.category, c.category, t.category)
            ORDER BY c.received_at, c.ticket_id
            """;
        cmd.Parameters.Add(new DuckDBParameter("from", from));
        cmd.Parameters.Add(new DuckDBParameter("to", to));
        using var r = cmd.ExecuteReader();
        var list = new List<WarningTicket>();
        while (r.Read())
        {
            string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            list.Add(new WarningTicket(r.GetString(0), r.GetDateTime(1), S(2), S(3), S(4), S(5), S(6), r.GetString(7),
                S(8), r.GetBoolean(9)));
        }
        return list;
    }
}

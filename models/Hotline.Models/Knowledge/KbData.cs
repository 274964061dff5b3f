using Hotline.Ingest.Csv;

namespace Hotline.Models.Knowledge;

/// <summary>
/// Where knowledge-base entries come from: a CSV of answered messages, the kb_entries table, and the warehouse's
/// answered consultations.
/// </summary>
public static class KbData
{
    /// <summary>CSV with title and/or body, a reply column, and optionally id and reply_time (or time).</summary>
    public static List<KbEntry> FromCsv(string path)
    {
        var t = CsvTable.Read(path);
        int id = t.Find("id"), title = t.Find("title"), body = t.Find("body", "text", "content"),
            reply = t.Find("reply", "answer"), time = t.Find("reply_time", "time");
        if (reply < 0
            || (title < 0
            && body < 0)) throw new InvalidDataException($"{path}: needs title or body, "
                + $"and reply columns (found: {string.Join(", ", t.Columns)})");
        return t.Rows.Select((r, i) => new KbEntry(id >= 0 ? r[id] ?? $"row{i + 2}" : $"row{i + 2}",
                ((title >= 0 ? r[title] : "") + " " + (body >= 0 ? r[body] : "")).Trim(), r[reply] ?? "", null,
                time >= 0 && DateTime.TryParse(r[time], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d : null))
            .Where(e => e.Question.Length > 0 && e.Reply.Length > 0).ToList();
    }

    public static int Import(DuckDBConnection conn, IEnumerable<KbEntry> entries, string source, DateTime now)
    {
        var n = 0;
        using var tx = conn.BeginTransaction();
        foreach (var e in entries)
        {
            var id = $"{source}:{e.Id}";
            Sql.Execute(conn, "DELETE FROM kb_entries WHERE entry_id = $id", ("id", id));
            Sql.Execute(conn, "INSERT INTO kb_entries VALUES ($id, $src, $q, $r, $c, $at, $now)",
                ("id", id), ("src", source), ("q", e.Question), ("r", e.Reply), ("c", e.Category),
                    ("at", e.AnsweredAt), ("now", now));
            n++;
        }
        tx.Commit();
        return n;
    }

    /// <summary>Imported entries plus the most recent answered consultations of the warehouse's own tickets.</summary>
    public static List<KbEntry> FromWarehouse(DuckDBConnection conn, int maxTickets = 50_000)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT entry_id, question, reply, category, answered_at FROM kb_entries
            UNION ALL
            SELECT * FROM (
                SELECT t.ticket_id, coalesce(t.title, '') || ' ' || coalesce(t.content, ''), r.reply_text, t.category,
                    r.occurred_at
                FROM tickets t
                JOIN categories k ON k.code = t.category AND k.disposition = 'kb_answer'
                JOIN (SELECT ticket_id, arg_max(reply_text, occurred_at) AS reply_text, max(occurred_at) AS occurred_at
                      FROM ticket_events WHERE type = 'replied' AND reply_text IS NOT NULL
                          GROUP BY ticket_id) r USING (ticket_id)
                WHERE NOT coalesce(t.confidential, false)
                ORDER BY r.occurred_at DESC LIMIT $max)
            """;
        cmd.Parameters.Add(new DuckDBParameter("max", maxTickets));
        using var r = cmd.ExecuteReader();
        var list = new List<KbEntry>();
        while (r.Read())
            list.Add(new KbEntry(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetDateTime(4)));
        return list;
    }
}

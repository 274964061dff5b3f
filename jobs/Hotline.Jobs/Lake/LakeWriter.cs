using System.Diagnostics;

namespace Hotline.Jobs.Lake;

/// <summary>What one export did.</summary>
public sealed record LakeExport(string City, string Root, int DaysWritten, int DaysRemoved, int DaysUnchanged,
    long TicketRows, long AlertRows, TimeSpan Took);

/// <summary>
/// Writes a warehouse's tickets, alerts and reference tables into a Hive-partitioned Parquet lake
/// (<see cref="LakeLayout"/>), incrementally: a day's file is rewritten only when a ticket received that day changed
/// since it was written (its fingerprint in lake_partitions moved), so an hourly export after a day of work rewrites
/// the few days whose tickets moved, not the city's history.
/// <para>
/// The lake is for analysis beyond the centre (a province, a ministry), so it carries no personal data: no caller
/// id, no masked phone, no coordinates, the address cut to its site (no building or house number), title and text
/// masked by <see cref="TextMasker"/> and left out entirely for confidential tickets. The caller's phone stays only
/// as the warehouse's salted hash (repeat callers can be counted within a city, never linked across cities).
/// </para>
/// <para>
/// Every file is written under _staging and renamed into place (an atomic replace on one file system), so a reader
/// sees a day's old file or its new one, never half of one; the fingerprints are committed after the renames, so a
/// crash in between only makes the next export write those days again.
/// </para>
/// </summary>
public static class LakeWriter
{
    /// <summary>Tickets masked and written per step: bounds memory (a Beijing day is about 66,000).</summary>
    private const int ChunkTickets = 100_000;

    /// <summary>The lake's ticket columns: the ticket less personal data (see the class comment).</summary>
    private const string TicketColumns = """
        t.ticket_id, t.received_at, t.channel, t.request_type, m.title, m.content, t.caller_kind, t.caller_phone_hash,
        t.district, t.township, m.site, coalesce(t.confidential, false) AS confidential, t.category, t.status,
        t.lead_unit, t.assist_units, t.deadline_tier, t.due_at, t.overdue, t.dispatch_count, t.return_count,
        t.extension_count, t.reopen_count, t.supervision_count, t.first_dispatched_at, t.first_signed_at,
        t.first_replied_at, t.last_replied_at, t.last_outcome, t.satisfaction, t.resolved, t.closed_at,
        t.minutes_to_sign, t.hours_to_reply, t.event_count, t.last_event_at
        """;

    /// <summary>The alert columns a reader needs; evidence ticket ids and delivery bookkeeping stay home.</summary>
    private const string AlertColumns = """
        alert_id, status, severity, risk_group, area_code, area_name, title, detectors, owners, first_ticket_at,
        last_ticket_at, opened_at, updated_at, resolved_at, ticket_count, caller_count, observed, expected, p_value
        """;

    public static LakeExport Export(DuckDBConnection conn, string root, string? city = null)
    {
        var sw = Stopwatch.StartNew();
        var lake = new LakeLayout(root);
        city = city is null ? LakeLayout.CityOf(conn) : LakeLayout.CheckCode(city);
        var staging = lake.Staging(city);
        // A crashed export's files are this city's only (one writer per city): nothing else reads them.
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            // One snapshot for the fingerprints and the files: what is recorded is what was written.
            using var tx = conn.BeginTransaction();
            var current = Sql.Rows(conn, """
                SELECT CAST(received_at AS DATE), count(*), bit_xor(hash(t))::VARCHAR
                FROM tickets t WHERE received_at IS NOT NULL GROUP BY 1 ORDER BY 1
                """, r => (Day: DateOnly.FromDateTime(r.GetDateTime(0)), Rows: r.Long(1), Print: r.GetString(2)));
            var stored = Sql.Rows(conn, """
                SELECT day, fingerprint FROM lake_partitions WHERE lake = $lake AND city = $city
                """, r => (Day: DateOnly.FromDateTime(r.GetDateTime(0)), Print: r.GetString(1)),
                ("lake", lake.Root), ("city", city)).ToDictionary(x => x.Day, x => x.Print);
            var dirty = current.Where(d => !stored.TryGetValue(d.Day, out var p) || p != d.Print
                || !File.Exists(lake.TicketFile(city, d.Day))).ToList();
            var gone = stored.Keys.Except(current.Select(d => d.Day)).ToList();

            foreach (var chunk in Chunks(dirty)) WriteDays(conn, lake, city, chunk.Select(d => d.Day).ToList());
            foreach (var day in gone) Remove(lake.TicketFile(city, day));
            var alerts = CopyTable(conn, lake, city, "alerts", $"SELECT {AlertColumns} FROM alerts "
                + "ORDER BY opened_at, alert_id");
            foreach (var table in LakeLayout.ReferenceTables)
                CopyTable(conn, lake, city, table, $"SELECT * FROM {table}");
            // The code is checked (letters, digits, - and _), so it is safe as a literal: COPY takes no parameters.
            CopyTable(conn, lake, city, "cities",
                $"SELECT '{city}' AS code, (SELECT value FROM settings WHERE key = 'city_profile') AS profile");

            foreach (var d in dirty) Sql.Execute(conn, """
                INSERT OR REPLACE INTO lake_partitions VALUES ($lake, $city, $day, $n, $print, now()::TIMESTAMP)
                """, ("lake", lake.Root), ("city", city), ("day", d.Day.ToDateTime(TimeOnly.MinValue)),
                ("n", d.Rows), ("print", d.Print));
            foreach (var day in gone) Sql.Execute(conn,
                "DELETE FROM lake_partitions WHERE lake = $lake AND city = $city AND day = $day",
                ("lake", lake.Root), ("city", city), ("day", day.ToDateTime(TimeOnly.MinValue)));
            tx.Commit();
            return new LakeExport(city, lake.Root, dirty.Count, gone.Count, current.Count - dirty.Count,
                dirty.Sum(d => d.Rows), alerts, sw.Elapsed);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Groups of days of at most <see cref="ChunkTickets"/> tickets (a bigger day alone).</summary>
    private static IEnumerable<List<(DateOnly Day, long Rows, string Print)>> Chunks(
        List<(DateOnly Day, long Rows, string Print)> days)
    {
        var chunk = new List<(DateOnly Day, long Rows, string Print)>();
        long n = 0;
        foreach (var d in days)
        {
            if (chunk.Count > 0 && n + d.Rows > ChunkTickets)
            {
                yield return chunk;
                chunk = [];
                n = 0;
            }
            chunk.Add(d);
            n += d.Rows;
        }
        if (chunk.Count > 0) yield return chunk;
    }

    /// <summary>
    /// Masks the days' texts (in .NET: <see cref="TextMasker"/> is the one masking library) into a temp table, then
    /// lets DuckDB write one Parquet file per day from the tickets joined with it, and renames each into place.
    /// </summary>
    private static void WriteDays(DuckDBConnection conn, LakeLayout lake, string city, List<DateOnly> days)
    {
        Sql.Execute(conn, "CREATE OR REPLACE TEMP TABLE lake_days (day DATE)");
        using (var a = conn.CreateAppender("lake_days"))
            foreach (var d in days) a.CreateRow().AppendValue(d.ToDateTime(TimeOnly.MinValue)).EndRow();
        var texts = Sql.Rows(conn, $"""
            SELECT ticket_id, title, content, {TicketFact.SiteSql()}, coalesce(confidential, false) FROM tickets
            WHERE received_at IS NOT NULL AND CAST(received_at AS DATE) IN (SELECT day FROM lake_days)
            """, r => r.GetBoolean(4) ? new MaskedText(r.GetString(0), null, null, null)
                : new MaskedText(r.GetString(0), Masked(r.Str(1)), Masked(r.Str(2)), Masked(r.Str(3))));
        // Read in full before appending: an appender must not run on a connection while one of its queries streams.
        Sql.Execute(conn, "CREATE OR REPLACE TEMP TABLE lake_text (ticket_id VARCHAR, title VARCHAR, content VARCHAR, "
            + "site VARCHAR)");
        using (var a = conn.CreateAppender("lake_text"))
            foreach (var x in texts)
                a.CreateRow().AppendValue(x.Id).AppendValue(x.Title).AppendValue(x.Content).AppendValue(x.Site)
                    .EndRow();
        texts.Clear();

        var dir = Path.Combine(lake.Staging(city), "tickets-" + Guid.NewGuid().ToString("N"));
        Sql.Execute(conn, $"""
            COPY (SELECT {TicketColumns}, CAST(t.received_at AS DATE) AS date
                  FROM tickets t JOIN lake_text m USING (ticket_id)
                  ORDER BY t.received_at, t.ticket_id)
            TO {LakeLayout.Quote(dir)} (FORMAT parquet, PARTITION_BY (date), COMPRESSION zstd, OVERWRITE_OR_IGNORE)
            """);
        foreach (var day in days)
        {
            var written = Directory.GetFiles(Path.Combine(dir, $"date={day:yyyy-MM-dd}"), "*.parquet");
            if (written.Length != 1) throw new InvalidOperationException(
                $"expected one Parquet file for {day:yyyy-MM-dd}, DuckDB wrote {written.Length}");
            Place(written[0], lake.TicketFile(city, day));
        }
        Sql.Execute(conn, "DROP TABLE lake_text");
        Sql.Execute(conn, "DROP TABLE lake_days");
    }

    private readonly record struct MaskedText(string Id, string? Title, string? Content, string? Site);

    private static string? Masked(string? text) => text is null ? null : TextMasker.Mask(text);

    /// <summary>Writes one whole table file of the city (alerts, a reference table) and returns its rows.</summary>
    private static long CopyTable(DuckDBConnection conn, LakeLayout lake, string city, string table, string select)
    {
        var file = Path.Combine(lake.Staging(city), table + ".parquet");
        var rows = Sql.Execute(conn, $"COPY ({select}) TO {LakeLayout.Quote(file)} (FORMAT parquet, COMPRESSION zstd)");
        Place(file, lake.TableFile(table, city));
        return rows;
    }

    private static void Place(string staged, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(staged, target, overwrite: true); // rename(2): readers see the old file or the new one
    }

    private static void Remove(string file)
    {
        if (File.Exists(file)) File.Delete(file);
        var dir = Path.GetDirectoryName(file)!;
        if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
    }
}

using Hotline.Ingest.Sources;

namespace Hotline.Ingest.Tests.Sources;

public class FileIngestTests
{
    private static readonly EventParser Parser = new(ReferenceData.Default.Codes());

    private static readonly string[] Malformed =
    [
        "{not json",
        """{"schema_version":1,"event_id":"x","type":"unknown-type","ticket_id":"t","occurred_at":"2025-03-01T08:00:00+08:00"}""",
        """{"schema_version":1,"event_id":"x","type":"signed","ticket_id":"t","occurred_at":"2025-03-01T08:00:00+08:00"}""",
        """{"schema_version":1,"event_id":"x","type":"closed","ticket_id":"t","occurred_at":"1899-03-01T08:00:00+08:00"}""",
    ];

    [Fact]
    public void Malformed_lines_land_in_dead_letters_with_reasons_and_everything_else_is_stored_once()
    {
        var dir = TestData.TempDir("file-ingest");
        var events = TestData.Simulate(days: 2, perDay: 400);
        var lines = events.Select(EventJson.ToUtf8).ToList();
        // Every 50th position gets a malformed line, cycling through the rejection classes.
        var bad = 0;
        for (var i = 50; i < lines.Count; i += 51, bad++) lines.Insert(i,
            Encoding.UTF8.GetBytes(Malformed[bad % Malformed.Length]));
        lines.Add(EventJson.ToUtf8(events[0])); // a duplicate event id: stored once
        var file = Path.Combine(dir, "events.jsonl");
        TestData.WriteJsonl(file, lines);

        using var db = WarehouseDb.Open(Path.Combine(dir, "w.duckdb"));
        var ingestor = new FileIngestor(db, Parser, batchSize: 1000);
        ingestor.Run(file);
        new TicketMaterializer(db.Connection).Run();
        var stats = WarehouseStats.Read(db);

        Assert.Equal(events.Count, stats.Events);
        Assert.Equal(bad, stats.DeadLetters);
        Assert.Equal(1, ingestor.Progress.Duplicates);
        Assert.Equal(events.Select(e => e.TicketId).Distinct().Count(), stats.Tickets);
        var expectedByReason = Enumerable.Range(0, bad)
            .GroupBy(i => Parser.Parse(Encoding.UTF8.GetBytes(Malformed[i % Malformed.Length])).Rejection!.Code)
            .ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expectedByReason.OrderBy(kv => kv.Key), stats.DeadLettersByReason.OrderBy(kv => kv.Key));
        // The dead letter keeps the raw bytes and the line it came from.
        Assert.Equal("{not json",
            Sql.Scalar<string>(db.Connection,
            "SELECT decode(raw) FROM dead_letters WHERE reason_code = 'not_json' ORDER BY source_offset LIMIT 1"));
        Assert.Equal(50L, Sql.Scalar<long>(db.Connection, "SELECT min(source_offset) FROM dead_letters"));

        // Loading the same file again stores nothing new: its progress is in ingest_offsets.
        var again = new FileIngestor(db, Parser);
        again.Run(file);
        Assert.Equal(lines.Count, again.Skipped);
        Assert.Equal(events.Count, WarehouseStats.Read(db).Events);
    }

    [Fact]
    public void Raw_phone_numbers_are_never_stored()
    {
        var dir = TestData.TempDir("phones");
        var events = TestData.Simulate(days: 1, perDay: 200);
        var file = Path.Combine(dir, "events.jsonl");
        TestData.WriteJsonl(file, events.Select(EventJson.ToUtf8));
        using var db = WarehouseDb.Open(Path.Combine(dir, "w.duckdb"));
        new FileIngestor(db, Parser).Run(file);
        var phones = events.Where(e => e.CallerPhone is not null).Select(e => e.CallerPhone!).Distinct().ToList();
        Assert.NotEmpty(phones);
        Assert.Equal(0L,
            Sql.Scalar<long>(db.Connection,
            "SELECT count(*) FROM ticket_events WHERE caller_phone_hash = caller_phone_masked OR "
                + "caller_phone_masked NOT LIKE '%****%'"));
        var sample = phones[0];
        Assert.Equal(0L,
            Sql.Scalar<long>(db.Connection,
            "SELECT count(*) FROM ticket_events WHERE concat_ws('|', caller_phone_hash, "
                + "caller_phone_masked, caller_id) LIKE $p", ("p", $"%{sample}%")));
        Assert.Equal(1L,
            Sql.Scalar<long>(db.Connection,
            "SELECT count(DISTINCT caller_phone_hash) FROM ticket_events WHERE caller_phone_masked = $m",
            ("m", Hotline.Ingest.Privacy.PhoneProtector.Mask(sample))) is > 0 ? 1L : 0L);
    }

    [Fact]
    public void Csv_and_parquet_go_through_the_same_validation()
    {
        var dir = TestData.TempDir("csv-parquet");
        var events = TestData.Simulate(days: 1, perDay: 150);
        var jsonl = Path.Combine(dir, "events.jsonl");
        TestData.WriteJsonl(jsonl, events.Select(EventJson.ToUtf8)
            .Append(Encoding.UTF8.GetBytes("""{"schema_version":1,"event_id":"bad","type":"signed","ticket_id":"t","occurred_at":"2025-03-01T08:00:00+08:00"}""")));
        // DuckDB converts the JSONL to CSV and Parquet with every column as text, as a city's export would be.
        var csv = Path.Combine(dir, "events.csv");
        var parquet = Path.Combine(dir, "events.parquet");
        using (var conv = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            conv.Open();
            Sql.Execute(conv,
                $"CREATE TABLE t AS SELECT * FROM read_json('{jsonl}', "
                    + $"format='newline_delimited', columns={Columns()})");
            Sql.Execute(conv, $"COPY t TO '{csv}' (HEADER, DELIMITER ',')");
            Sql.Execute(conv,
                "COPY (SELECT * REPLACE (schema_version::INTEGER AS schema_version, seq::INTEGER "
                    + "AS seq, lat::DOUBLE AS lat, lon::DOUBLE AS lon, confidential::BOOLEAN AS "
                    + $"confidential, resolved::BOOLEAN AS resolved) FROM t) TO '{parquet}' (FORMAT parquet)");
        }
        foreach (var file in new[] { csv, parquet })
        {
            using var db = WarehouseDb.Open(Path.Combine(dir, Path.GetFileName(file) + ".duckdb"));
            new FileIngestor(db, Parser).Run(file);
            var stats = WarehouseStats.Read(db);
            Assert.Equal(events.Count, stats.Events);
            Assert.Equal(1, stats.DeadLetters);
            Assert.Equal(events.Count(e => e.Type == "created"),
                Sql.Scalar<long>(db.Connection,
                "SELECT count(*) FROM ticket_events WHERE type = 'created' AND content IS NOT NULL"));
        }
    }

    private static string Columns()
    {
        var names = new[] { "schema_version", "event_id", "type", "ticket_id", "occurred_at", "seq", "received_at",
            "channel", "request_type", "title",
            "content", "caller_id", "caller_kind", "caller_phone", "district", "township", "address", "lat", "lon",
                "confidential", "category",
            "unit_id", "role", "deadline_tier", "due_at", "reason", "new_due_at", "outcome", "reply_text",
                "satisfaction", "resolved", "level", "trigger" };
        return "{" + string.Join(", ", names.Select(n => $"'{n}': 'VARCHAR'")) + "}";
    }
}

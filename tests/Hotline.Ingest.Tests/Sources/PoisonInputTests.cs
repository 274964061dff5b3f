using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using Hotline.Ingest.Sources;
using Hotline.Ingest.Time;

namespace Hotline.Ingest.Tests.Sources;

/// <summary>
/// Inputs that once stopped ingest or were stored wrongly, through every file source: each must end up stored, a
/// duplicate or a dead letter with a reason, the ingest must go on, and nothing may be cut short or invented.
/// </summary>
public sealed class PoisonInputTests
{
    private static readonly EventParser Parser = new(ReferenceData.Default.Codes(),
        ChinaClock.Fixed(new DateTime(2026, 1, 1)));

    private static JsonObject Closed(string id, string occurred = "2025-03-01T08:00:00+08:00") => new()
    {
        ["schema_version"] = 1, ["event_id"] = id, ["type"] = "closed", ["ticket_id"] = "t-" + id,
        ["occurred_at"] = occurred,
    };

    private static Rejection? Reject(string json) => Parser.Parse(Encoding.UTF8.GetBytes(json)).Rejection;

    [Theory]
    [InlineData("9999-12-31T23:59:59+00:00")]
    [InlineData("0001-01-01T00:00:00+14:00")]
    [InlineData("0001-01-01T00:00:00-14:00")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    public void Times_at_the_edge_of_the_calendar_are_refused_not_thrown(string time)
    {
        var r = Reject(Closed("e1", time).ToJsonString());
        Assert.NotNull(r);
        Assert.Equal(Rejection.ImpossibleTime, r!.Code);
    }

    [Fact]
    public void A_nul_in_an_id_is_refused_and_text_loses_its_control_characters()
    {
        var withNul = Closed("n1\u0000resend").ToJsonString();
        Assert.Equal(Rejection.InvalidField, Reject(withNul)!.Code);
        Assert.Contains("event_id", Reject(withNul)!.Message);

        var created = JsonNode.Parse(EventJson.ToJson(TestData.Simulate(days: 1, perDay: 5, seed: 3)
            .First(e => e.Type == "created")))!;
        created["content"] = "楼道\u0000里有\u0007煤气味\u2028请尽快\n处理";
        var e = Parser.Parse(Encoding.UTF8.GetBytes(created.ToJsonString())).Event!;
        Assert.Equal("楼道里有煤气味请尽快\n处理", e.Content);
    }

    [Fact]
    public void A_repeated_key_is_refused_rather_than_guessed()
    {
        var r = Reject("""{"schema_version":1,"event_id":"e1","type":"closed","type":"created","ticket_id":"t1","occurred_at":"2025-03-01T08:00:00+08:00"}""");
        Assert.Equal(Rejection.InvalidField, r!.Code);
        Assert.Contains("'type' appears more than once", r.Message);
    }

    [Fact]
    public void Every_line_of_a_hostile_jsonl_file_is_accounted_for_and_ingest_goes_on()
    {
        var dir = TestData.TempDir("poison-jsonl");
        var good = TestData.Simulate(days: 1, perDay: 200, seed: 9).Select(EventJson.ToUtf8).ToList();
        byte[][] bad =
        [
            Encoding.UTF8.GetBytes(Closed("p1", "9999-12-31T23:59:59+00:00").ToJsonString()),
            Encoding.UTF8.GetBytes(Closed("p2\u0000x").ToJsonString()),
            [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D],                          // invalid UTF-8
            Encoding.UTF8.GetBytes("""{"schema_version":1,"schema_version":1}"""),
            Encoding.UTF8.GetBytes("""{"schema_version":1e400}"""),
            Encoding.UTF8.GetBytes(new string('[', 50_000)),
        ];
        var lines = new List<byte[]>(good);
        for (var i = 0; i < bad.Length; i++) lines.Insert(10 + i * 37, bad[i]);
        var file = Path.Combine(dir, "events.jsonl");
        TestData.WriteJsonl(file, lines);

        using var db = WarehouseDb.Open(Path.Combine(dir, "w.duckdb"));
        var ingestor = new FileIngestor(db, Parser, batchSize: 100);
        ingestor.Run(file);
        var p = ingestor.Progress;
        Assert.Equal(lines.Count, p.Read);
        Assert.Equal(good.Count, p.Inserted);
        Assert.Equal(bad.Length, p.DeadLetters);
        Assert.Equal(0L,
            Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM dead_letters WHERE reason_code = 'internal_error'"));
        // Every line accounted for exactly once: stored or dead-lettered, by its line number.
        Assert.Equal((long)lines.Count, Sql.Scalar<long>(db.Connection,
            "SELECT count(DISTINCT source_offset) FROM (SELECT source_offset FROM ticket_events "
                + "UNION ALL SELECT source_offset FROM dead_letters)"));
    }

    [Fact]
    public void Non_finite_numbers_and_invalid_utf8_in_a_csv_become_dead_letters_with_their_row()
    {
        var dir = TestData.TempDir("poison-csv");
        var file = Path.Combine(dir, "events.csv");
        const string header = "schema_version,event_id,type,ticket_id,occurred_at,received_at,channel,request_type,content,caller_id,lat,lon";
        string Row(string id, string lat, string content = "路灯不亮") =>
            $"1,{id},created,t-{id},2025-03-01T08:00:00+08:00,2025-03-01T08:00:00+08:00,phone,help,\"{content}\",c-{id},{lat},118.3";
        using (var f = File.Create(file))
        {
            void Line(string s) { f.Write(Encoding.UTF8.GetBytes(s)); f.WriteByte((byte)'\n'); }
            Line(header);
            Line(Row("ok1", "35.1"));
            Line(Row("nan", "NaN"));
            Line(Row("inf", "Infinity"));
            Line(Row("big", "1e400"));
            f.Write(Encoding.UTF8.GetBytes(Row("bad-utf8", "35.1", "路灯").Replace("路灯", "\u0001MARK"))
                .Select(b => b == 1 ? (byte)0xC3 : b).ToArray());
            f.WriteByte((byte)'\n');
            Line(Row("ok2", "35.2", "第一行\n第二行，带\"\"引号\"\""));
        }
        using var db = WarehouseDb.Open(Path.Combine(dir, "w.duckdb"));
        var ingestor = new FileIngestor(db, Parser);
        ingestor.Run(file);
        Assert.Equal(6, ingestor.Progress.Read);
        Assert.Equal(2, ingestor.Progress.Inserted);
        Assert.Equal(4, ingestor.Progress.DeadLetters);
        Assert.Equal("第一行\n第二行，带\"引号\"",
            Sql.Scalar<string>(db.Connection, "SELECT content FROM ticket_events WHERE event_id = 'ok2'"));
        var reasons = Sql.Rows(db.Connection, "SELECT source_offset, reason FROM dead_letters ORDER BY 1",
            r => (Row: r.GetInt64(0), Reason: r.GetString(1)));
        Assert.Equal([1L, 2L, 3L, 4L], reasons.Select(x => x.Row));
        Assert.All(reasons.Take(3), x => Assert.Contains("lat", x.Reason));
        Assert.Contains("UTF-8", reasons[3].Reason);
    }

    [Fact]
    public void Hostile_parquet_values_are_dead_lettered_and_the_good_rows_kept()
    {
        var dir = TestData.TempDir("poison-parquet");
        var file = Path.Combine(dir, "events.parquet");
        using (var conn = new DuckDBConnection("Data Source=:memory:"))
        {
            conn.Open();
            Sql.Execute(conn, $"""
                COPY (SELECT * FROM (VALUES
                    (1, 'ok', 'closed', 't1', TIMESTAMPTZ '2025-03-01 08:00:00+08', 35.1::DOUBLE),
                    (1, 'nan', 'closed', 't2', TIMESTAMPTZ '2025-03-01 08:00:00+08', 'NaN'::DOUBLE),
                    (1, 'inf', 'closed', 't3', TIMESTAMPTZ '2025-03-01 08:00:00+08', 'Infinity'::DOUBLE),
                    (1, 'far', 'closed', 't4', TIMESTAMPTZ '9999-12-31 23:59:59+00', 35.1::DOUBLE),
                    (2147483647, 'ver', 'closed', 't5', TIMESTAMPTZ '2025-03-01 08:00:00+08', 35.1::DOUBLE))
                    t(schema_version, event_id, type, ticket_id, occurred_at, lat)) TO '{file}' (FORMAT parquet)
                """);
        }
        using var db = WarehouseDb.Open(Path.Combine(dir, "w.duckdb"));
        var ingestor = new FileIngestor(db, Parser);
        ingestor.Run(file);
        Assert.Equal(5, ingestor.Progress.Read);
        // lat on a closed event is ignored; 'far' and 'ver' are refused
        Assert.Equal(3, ingestor.Progress.Inserted);
        Assert.Equal(2, ingestor.Progress.DeadLetters);
    }

    [Fact]
    public void A_file_that_is_not_what_its_name_says_fails_in_one_line()
    {
        var dir = TestData.TempDir("not-parquet");
        var file = Path.Combine(dir, "events.parquet");
        File.WriteAllText(file, "this is not parquet");
        using var db = WarehouseDb.Open(Path.Combine(dir, "w.duckdb"));
        var ex = Assert.Throws<InvalidDataException>(() => new FileIngestor(db, Parser).Run(file));
        Assert.Contains("not a readable Parquet file", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Events_of_a_ticket_not_created_yet_are_held_not_turned_into_a_ghost_ticket()
    {
        var dir = TestData.TempDir("orphan");
        var events = TestData.Simulate(days: 1, perDay: 50, seed: 4);
        var ticket = events.First(e => e.Type == "dispatched").TicketId;
        var mine = events.Where(e => e.TicketId == ticket).ToList();
        var later = Path.Combine(dir, "later.jsonl");
        var first = Path.Combine(dir, "first.jsonl");
        TestData.WriteJsonl(first, mine.Where(e => e.Type != "created").Select(EventJson.ToUtf8));
        TestData.WriteJsonl(later, mine.Where(e => e.Type == "created").Select(EventJson.ToUtf8));
        using var db = WarehouseDb.Open(Path.Combine(dir, "w.duckdb"));
        new FileIngestor(db, Parser).Run(first);
        new TicketMaterializer(db.Connection).Run();
        Assert.Equal(0L, Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM tickets"));
        Assert.Equal(mine.Count - 1, WarehouseStats.Read(db).EventsAwaitingTicket);

        new FileIngestor(db, Parser).Run(later);
        new TicketMaterializer(db.Connection).Run();
        Assert.Equal(1L,
            Sql.Scalar<long>(db.Connection,
            "SELECT count(*) FROM tickets WHERE ticket_id = $t AND received_at IS NOT NULL", ("t", ticket)));
        Assert.Equal(0L, WarehouseStats.Read(db).EventsAwaitingTicket);
    }
}

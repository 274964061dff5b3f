using Xunit.Abstractions;

namespace Hotline.Integration.Tests;

/// <summary>
/// kill -9 of `hotline import` inside an open batch transaction, then the same command again: the warehouse ends
/// with exactly the events and dead letters of an import that was never interrupted.
/// </summary>
public class ImportCrashTests(ITestOutputHelper output)
{
    private const string Mapping = """
        city: { name: 商洛市, division_code: "6110" }
        shape: mailbox
        columns: { id: id, opened: time, title: title, content: body, unit: unit, replied: replied, reply_text: reply }
        defaults: { channel: web, request_type: complaint }
        """;

    [Fact]
    public void An_import_killed_inside_a_commit_resumes_to_exactly_the_clean_result()
    {
        var dir = TestData.TempDir("import-crash");
        var csv = Path.Combine(dir, "letters.csv");
        var units = new[] { "商州区人民政府", "洛南县人民政府", "商洛市公安局", "丹凤县教育局" };
        var sb = new StringBuilder("id,time,title,body,unit,replied,reply\n");
        var start = new DateTime(2024, 1, 1);
        for (var i = 0; i < 12_000; i++)
            sb.Append(i % 997 == 5
                ? $"L{i},not a time,t,b,{units[0]},,\n"
                : $"L{i},{start.AddMinutes(i * 13):yyyy-MM-dd HH:mm:ss},来信{i},第{i}封来信的内容,{units[i % 4]},"
                    + $"{start.AddMinutes(i * 13 + 4000):yyyy-MM-dd HH:mm:ss},已答复\n");
        File.WriteAllText(csv, sb.ToString());
        var mapping = Path.Combine(dir, "m.yaml");
        File.WriteAllText(mapping, Mapping);

        var clean = Path.Combine(dir, "clean.duckdb");
        using (var once = new ChildProcess(output, null, "import", "--from", csv, "--mapping", mapping, "--db", clean))
            Assert.Equal(0, once.Wait(TimeSpan.FromMinutes(3)));

        var crashed = Path.Combine(dir, "crashed.duckdb");
        using (var child = new ChildProcess(output, "commit:3000", "import", "--from", csv, "--mapping", mapping,
            "--db", crashed, "--batch-size", "4000"))
        {
            // The second batch's rows are appended and its transaction is open when the process dies.
            Assert.True(child.WaitFor("hook:commit", TimeSpan.FromMinutes(2), times: 2));
            child.Kill();
        }
        using (var again = new ChildProcess(output, null, "import", "--from", csv, "--mapping", mapping, "--db",
            crashed))
            Assert.Equal(0, again.Wait(TimeSpan.FromMinutes(3)));

        using var a = WarehouseDb.Open(clean);
        using var b = WarehouseDb.Open(crashed);
        foreach (var sql in new[]
        {
            "SELECT count(*) FROM ticket_events",
            "SELECT count(DISTINCT event_id) FROM ticket_events",
            "SELECT count(*) FROM dead_letters",
            "SELECT count(*) FROM tickets WHERE status = 'closed'",
            "SELECT sum(hash(event_id || type || ticket_id)) FROM ticket_events",
        })
            Assert.Equal(Sql.Scalar<object>(a.Connection, sql)?.ToString(),
                Sql.Scalar<object>(b.Connection, sql)?.ToString());
        Assert.Equal(12_000 - 13, Sql.Scalar<long>(b.Connection, "SELECT count(*) FROM tickets"));
        Assert.Equal(13, Sql.Scalar<long>(b.Connection, "SELECT count(*) FROM dead_letters"));
    }
}

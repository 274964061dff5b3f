using Hotline.Ingest.Sources;

namespace Hotline.Ingest.Tests.Warehouse;

public class OrderInsensitivityTests
{
    [Fact]
    public void Shuffled_events_in_small_batches_give_identical_tickets()
    {
        var dir = TestData.TempDir("order");
        var events = TestData.Simulate(days: 5, perDay: 300);
        var ordered = Path.Combine(dir, "ordered.jsonl");
        var shuffled = Path.Combine(dir, "shuffled.jsonl");
        TestData.WriteJsonl(ordered, events.Select(EventJson.ToUtf8));
        var rng = new Random(3);
        TestData.WriteJsonl(shuffled, events.OrderBy(_ => rng.Next()).Select(EventJson.ToUtf8));

        string Dump(string file, int batch)
        {
            using var db = WarehouseDb.Open(Path.Combine(dir, Path.GetFileNameWithoutExtension(file) + ".duckdb"));
            new FileIngestor(db, new EventParser(ReferenceData.Default.Codes()), batch).Run(file);
            new TicketMaterializer(db.Connection).Run();
            // The phone hash is keyed per warehouse, so it differs by design; everything else must match.
            using var cmd = db.Connection.CreateCommand();
            cmd.CommandText = "SELECT * EXCLUDE (caller_phone_hash) FROM tickets ORDER BY ticket_id";
            using var r = cmd.ExecuteReader();
            var sb = new System.Text.StringBuilder();
            while (r.Read())
            {
                for (var i = 0; i < r.FieldCount; i++)
                    sb.Append(r.IsDBNull(i) ? "∅"
                        : r.GetValue(i) is System.Collections.IEnumerable list and not string
                        ? string.Join(';', list.Cast<object>())
                        : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))
                        .Append('|');
                sb.Append('\n');
            }
            return sb.ToString();
        }

        var a = Dump(ordered, 100_000);
        var b = Dump(shuffled, 700);
        Assert.Equal(events.Select(e => e.TicketId).Distinct().Count(), a.Count(c => c == '\n'));
        Assert.Contains("closed", a);
        Assert.Equal(a, b);
    }
}

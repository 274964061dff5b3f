namespace Hotline.Ingest.Tests.Import;

/// <summary>
/// A real US 311 export (Boston, a 2,737-case sample; Fixtures/us311/SOURCE.md) through the mapping shipped in
/// docs/import/boston-311.yaml: local wall times with a literal "+00", queues as units, neighbourhoods as areas,
/// service types as categories, on-time status consistent with the stored due times.
/// </summary>
public class Us311ImportTests
{
    [Fact]
    public void The_Boston_sample_imports_with_queues_neighbourhoods_and_local_times()
    {
        var dir = TestData.TempDir("import-311");
        var sample = Path.Combine(AppContext.BaseDirectory, "Fixtures", "us311", "sample.csv");
        var mapping = ImportMapping.Load(TestData.InRepo("docs/import/boston-311.yaml"));
        using var w = WarehouseDb.Open(Path.Combine(dir, "w.duckdb"));
        var r = new Importer(w, mapping).Run(sample, dryRun: false);

        Assert.Equal(2_737, r.RowsRead);
        Assert.True(r.RowsMapped >= 2_700, $"{r.RowsMapped} mapped");
        Assert.All(r.Rejections.Keys, code => Assert.Equal("missing_field", code));
        Assert.Equal("Boston", w.City!.Name);
        Assert.Equal(5, w.Reference.Units.Count);
        Assert.All(w.Reference.Units, u => Assert.Equal("city_department", u.Kind));
        Assert.Contains(w.Reference.Areas, a => a.Name == "Dorchester");
        Assert.Equal(11, w.Reference.Categories.Count);

        // The first case opened 06:35:06 Boston time and is stored as that wall time.
        Assert.Equal(new DateTime(2025, 8, 1, 6, 35, 6), Sql.Scalar<DateTime>(w.Connection,
            "SELECT received_at FROM tickets WHERE ticket_id = 'BOS-BCS-00065327'"));
        // ONTIME in the export ⇔ closed no later than the target (the data's own rule), and the warehouse agrees.
        var late = Sql.Scalar<long>(w.Connection,
            "SELECT count(*) FROM tickets WHERE closed_at IS NOT NULL AND overdue");
        var lateInFile = File.ReadLines(sample).Skip(1).Count(l => l.Contains(",Closed,") && l.Contains(",OVERDUE,"));
        Assert.InRange(late, lateInFile * 0.9, lateInFile * 1.1 + 2);
    }
}

using Hotline.Ingest.Contract;
using Hotline.Ingest.Reference;
using Hotline.Ingest.Sources;
using Hotline.Ingest.Warehouse;
using Hotline.Models.Routing;
using Hotline.Simulator;

namespace Hotline.TestKit;

/// <summary>
/// One simulated warehouse (eight weeks of a small city, real DuckDB file, with ground truth) and one routing
/// model trained on it through `hotline train`'s code path, shared by the routing and server tests: training is
/// the slow part, so it happens once.
/// </summary>
public sealed class RoutingWarehouse : IDisposable
{
    public static readonly DateOnly Start = new(2025, 3, 1);
    public const int Days = 56;

    public string Dir { get; } = TestData.TempDir("routing");
    /// <summary>History only, no model.</summary>
    public string Path => System.IO.Path.Combine(Dir, "w.duckdb");
    /// <summary>The same history with a trained, promoted model in its registry.</summary>
    public string TrainedPath => System.IO.Path.Combine(Dir, "trained", "w.duckdb");
    public string TruthDir => System.IO.Path.Combine(Dir, "truth");
    public RoutingTrainResult Trained { get; }

    public RoutingWarehouse()
    {
        List<TicketEvent> events;
        using (var truth = new TruthRecorder(TruthDir)) events = TestData.Simulate(days: Days, perDay: 250, seed: 5,
            start: Start, truth: truth);
        var jsonl = System.IO.Path.Combine(Dir, "events.jsonl");
        TestData.WriteJsonl(jsonl, events.Select(EventJson.ToUtf8));
        using (var db = WarehouseDb.Open(Path, Hotline.Server.ServerSchema.AllStages))
        {
            new FileIngestor(db, new EventParser(ReferenceData.Default.Codes())).Run(jsonl);
            new TicketMaterializer(db.Connection).Run();
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(TrainedPath)!);
        File.Copy(Path, TrainedPath);
        using var trained = WarehouseDb.Open(TrainedPath, Hotline.Server.ServerSchema.AllStages);
        Trained = RoutingPromotion.TrainAndRegister(trained, new RoutingTrainOptions(), _ => { }).Result;
    }

    /// <summary>
    /// A private copy of the trained warehouse (with its models folder) for a test that writes to it.
    /// </summary>
    public string CopyTrained()
    {
        var dir = System.IO.Path.Combine(Dir, $"copy-{Guid.NewGuid():N}");
        CopyDir(System.IO.Path.GetDirectoryName(TrainedPath)!, dir);
        return System.IO.Path.Combine(dir, "w.duckdb");
    }

    private static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f,
            System.IO.Path.Combine(to, System.IO.Path.GetFileName(f)));
        foreach (var d in Directory.GetDirectories(from)) CopyDir(d,
            System.IO.Path.Combine(to, System.IO.Path.GetFileName(d)));
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

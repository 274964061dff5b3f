using Hotline.Benchmarks;

// Throughput harness (wall-clock over large runs, which is what the targets are stated in).
// Usage: dotnet run -c Release --project benchmarks/Hotline.Benchmarks --
// [simulator|ingest|routing|detection|brief|all] [--quick] [--days N (simulator)] [--db data/demo.duckdb]
var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var quick = args.Contains("--quick");
if (!args.Contains("--child")) Console.WriteLine($"Hotline.Analytics benchmarks on {Environment.ProcessorCount} "
    + $"cores, .NET {Environment.Version}");
if (what is "simulator" or "all")
{
    var days = args.SkipWhile(a => a != "--days").Skip(1).FirstOrDefault() is { } d
        ? int.Parse(d, System.Globalization.CultureInfo.InvariantCulture) : quick ? 5 : 90;
    // Measured under the GC settings the `hotline` launcher gives `hotline simulate` (server GC, no dynamic
    // adaptation): a child process, since GC settings are read only at start.
    if (args.Contains("--child") || System.Runtime.GCSettings.IsServerGC) SimulatorThroughput.Run(days, perDay: 3000);
    else SimulatorThroughput.RunInChild(days);
}
if (what is "ingest" or "all") IngestThroughput.Run(events: quick ? 100_000 : 500_000);
if (what is "routing" or "all")
{
    var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? "data/demo.duckdb";
    RoutingThroughput.Run(db, httpRate: 500, httpSeconds: quick ? 5 : 20);
}
if (what is "detection" or "all")
{
    var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? "data/demo.duckdb";
    DetectionThroughput.Run(db);
}
if (what is "brief" or "all")
{
    var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? "data/demo.duckdb";
    BriefThroughput.Run(db);
}

using Hotline.Benchmarks;

// Throughput harness (wall-clock over large runs, which is what the targets are stated in).
// Usage: dotnet run -c Release --project benchmarks/Hotline.Benchmarks --
// [simulator|ingest|import|routing|detection|brief|lake|console|all]
// [--quick] [--days N (simulator)] [--events N (ingest)] [--db data/demo.duckdb]
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
if (what is "ingest" or "all")
{
    var events = args.SkipWhile(a => a != "--events").Skip(1).FirstOrDefault() is { } n
        ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : quick ? 100_000 : 500_000;
    IngestThroughput.Run(events);
}
if (what is "import" or "all")
{
    var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? "data/demo.duckdb";
    ImportThroughput.Run(db, rows: quick ? 20_000 : 1_000_000);
}
if (what is "routing" or "all")
{
    var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? "data/demo.duckdb";
    RoutingThroughput.Run(db, httpRate: 500, httpSeconds: quick ? 5 : 20);
}
if (what is "unit-reads" or "all")
{
    var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? "data/demo.duckdb";
    UnitReadThroughput.Run(db, clients: 200, seconds: quick ? 10 : 30);
}
if (what is "soak")
{
    // Not part of "all": 30 minutes of mixed load (`soak --minutes N` for another length).
    var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? "data/demo.duckdb";
    var minutes = args.SkipWhile(a => a != "--minutes").Skip(1).FirstOrDefault() is { } m
        ? double.Parse(m, System.Globalization.CultureInfo.InvariantCulture) : 30;
    var r = Soak.Run(new SoakOptions
    {
        DbPath = db, Duration = TimeSpan.FromMinutes(minutes),
        Progress = Console.WriteLine
    });
    Console.WriteLine($"soak {minutes:0} min: {r.Requests:N0} requests, {r.Failed} failed; {r.Produced:N0} events "
        + $"produced, {r.Ingested:N0} ingested, {r.DeadLetters} dead letters, stored {r.EventsStored:N0} of "
        + $"{r.EventsExpected:N0} expected; {r.Scans} scans, {r.JobRuns} job runs; {r.ServerProblems.Count} server "
        + $"problems; managed heap growth {r.ManagedGrowthMb:+0;-0} MB, resident {r.ResidentGrowthMb:+0;-0} MB");
    foreach (var f in r.FailureSamples.Concat(r.ServerProblems).Take(20)) Console.WriteLine("  " + f);
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
if (what is "lake" or "all")
{
    var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? "data/demo.duckdb";
    LakeThroughput.Run(db);
}
if (what is "console" or "all")
{
    var db = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? "data/demo.duckdb";
    ConsoleThroughput.Run(db);
}

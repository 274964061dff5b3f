using Hotline.Models.Detection;
using Hotline.Models.Warning;

namespace Hotline.Benchmarks;

/// <summary>
/// Early-warning cost on a warehouse (ideally a simulated year): the full daily count scan (every area × every
/// category, EARS C1/C2/C3 and CUSUM, aggregation query included), one space-time permutation scan with all 999
/// replicates, and one live scan as `hotline serve` runs it every 10 minutes.
/// </summary>
public static class DetectionThroughput
{
    public static void Run(string dbPath)
    {
        using var db = WarehouseDb.Open(dbPath, Hotline.Server.ServerSchema.AllStages);
        var w = Stopwatch.StartNew();
        // Daily counts per (area, category) for city, county and township levels, straight from the warehouse.
        using var cmd = db.Connection.CreateCommand();
        cmd.CommandText = """
            WITH c AS (SELECT CAST(received_at AS DATE) AS day, district, township, category FROM ticket_events
                       WHERE type = 'created' AND category IS NOT NULL)
            SELECT area, category, day, count(*) FROM (
                SELECT '3713' AS area, category, day FROM c
                UNION ALL SELECT district, category, day FROM c WHERE district IS NOT NULL
                UNION ALL SELECT township, category, day FROM c WHERE township IS NOT NULL)
            GROUP BY ALL
            """;
        var series = new Dictionary<(string, string), Dictionary<DateOnly, double>>();
        DateOnly min = DateOnly.MaxValue, max = DateOnly.MinValue;
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                var key = (r.GetString(0), r.GetString(1));
                var day = DateOnly.FromDateTime(r.GetDateTime(2));
                if (!series.TryGetValue(key, out var s)) series[key] = s = [];
                s[day] = r.GetInt64(3);
                if (day < min) min = day;
                if (day > max) max = day;
            }
        var query = w.Elapsed.TotalSeconds;
        var days = max.DayNumber - min.DayNumber + 1;
        var areas = ReferenceData.Default.Areas.Count;
        var categories = ReferenceData.Default.Categories.Count;
        ICountDetector[] detectors = [new Ears(EarsMethod.C1, minSigma: 0.5), new Ears(EarsMethod.C2, minSigma: 0.5),
            new Ears(EarsMethod.C3, minSigma: 0.5), new PoissonCusum()];
        var alarms = 0L;
        // Every area × category, including the many that never saw a ticket (all-zero series still cost a pass).
        var keys = ReferenceData.Default.Areas.SelectMany(a =>
            ReferenceData.Default.Categories.Select(c => (a.Code, c.Code))).ToList();
        Parallel.ForEach(keys, key =>
        {
            var s = series.GetValueOrDefault(key);
            var counts = new double[days];
            if (s is not null) foreach (var (d, n) in s) counts[d.DayNumber - min.DayNumber] = n;
            foreach (var det in detectors) Interlocked.Add(ref alarms, det.Run(counts).Count(p => p.Alarm));
        });
        var total = w.Elapsed.TotalSeconds;
        Console.WriteLine($"full count scan: {keys.Count:N0} series ({areas} areas × {categories} categories) "
            + $"× {days} days × 4 detectors " +
                          $"in {total:0.00} s (query {query:0.00} s); {alarms:N0} alarm-days");

        // One space-time permutation scan with all 999 replicates, on the busiest risk group's last 30 days.
        var asOf = WarehouseQueries.LatestReceipt(db.Connection)!.Value;
        var tickets = WarningData.Load(db.Connection, asOf.AddDays(-30), asOf);
        var group = tickets.Where(t => t.RiskGroup is not null && t.Township is not null).GroupBy(t => t.RiskGroup!)
            .MaxBy(g => g.Count())!;
        var zones = ReferenceData.Default.Areas.Where(a => a.Level == "township")
            .Select(a => new ScanZone(a.Code, a.Lat, a.Lon)).ToList();
        var index = zones.Select((z, i) => (z.Code, i)).ToDictionary(x => x.Code, x => x.i);
        var cases = group.Where(t => index.ContainsKey(t.Township!))
            .Select(t => (index[t.Township!], Math.Min(29, (int)((asOf - t.ReceivedAt).TotalHours / 24)))).ToList();
        var scan = new SpaceTimePermutationScan(zones) { StopAfterExceedances = int.MaxValue };
        w.Restart();
        var cluster = scan.Run(cases, 30, seed: 1);
        Console.WriteLine($"space-time permutation scan, {cases.Count:N0} {group.Key} cases, {zones.Count} zones, "
            + $"999 replicates: {w.Elapsed.TotalSeconds:0.00} s " +
                          $"(most likely cluster: {cluster?.Zones.Count} "
                              + $"zones, {cluster?.Periods} days, p = {cluster?.PValue:0.000})");

        // One live scan (what serve does every 10 minutes: reload, replay 7 days at 10-minute steps, store).
        w.Restart();
        var result = WarningScan.Run(db.Connection, asOf, []);
        Console.WriteLine($"live early-warning scan at {asOf:yyyy-MM-dd HH:mm}: {w.Elapsed.TotalSeconds:0.00} s "
            + $"({result.Open.Count} open alerts)");
    }
}

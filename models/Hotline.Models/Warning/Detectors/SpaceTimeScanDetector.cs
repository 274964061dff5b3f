using Hotline.Models.Detection;

namespace Hotline.Models.Warning.Detectors;

/// <summary>
/// The space-time permutation scan as a signal source: on the hour, for each risk group with new tickets in the
/// last hour, scan its tickets of the last 30 days (24-hour periods counted back from now) over township/street
/// centroids. A most-likely cluster whose Gumbel p-value is below <see cref="PThreshold"/> (recurrence interval of
/// years at 24 scans a day) becomes a signal with the cluster's tickets. Clusters with a log-likelihood ratio
/// under <see cref="Gate"/> are not worth a Monte Carlo run: none reached significance in development runs.
/// </summary>
public sealed class SpaceTimeScanDetector
{
    public const int Periods = 30;
    public double PThreshold { get; init; } = 1e-4;
    public double Gate { get; init; } = 9;
    public int MinCallers { get; init; } = 3;

    private readonly SpaceTimePermutationScan _scan;
    private readonly Dictionary<string, int> _zoneIndex;
    private readonly Func<string?, string?> _seasonOf;
    private readonly Dictionary<string, List<WarningTicket>> _byGroup = new(StringComparer.Ordinal);
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    public int MonteCarloRuns { get; private set; }

    public SpaceTimeScanDetector(ReferenceData reference, Func<string?, string?> seasonOf)
    {
        var zones = reference.Areas.Where(a => a.Level == "township").Select(a => new ScanZone(a.Code, a.Lat, a.Lon))
            .ToList();
        _zoneIndex = zones.Select((z, i) => (z.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal);
        _scan = new SpaceTimePermutationScan(zones);
        _seasonOf = seasonOf;
    }

    public void Add(WarningTicket t)
    {
        if (t.RiskGroup is null || t.Township is null || !_zoneIndex.ContainsKey(t.Township)) return;
        if (!_byGroup.TryGetValue(t.RiskGroup, out var list)) _byGroup[t.RiskGroup] = list = [];
        list.Add(t);
        _touched.Add(t.RiskGroup);
    }

    public List<Signal> Scan(DateTime now, Func<string, string?> countyOf)
    {
        var signals = new List<Signal>();
        if (now.Minute != 0) return signals;
        foreach (var group in _touched)
        {
            var list = _byGroup[group];
            var from = now.AddDays(-Periods);
            list.RemoveAll(t => t.ReceivedAt < from.AddDays(-1));
            var window = list.Where(t => t.ReceivedAt >= from && t.ReceivedAt < now).ToList();
            if (window.Count < MinCallers) continue;
            var cases = window.Select(t =>
                (_zoneIndex[t.Township!], Math.Min(Periods - 1, (int)((now - t.ReceivedAt).TotalHours / 24)))).ToList();
            var seed = HashCode.Combine(group.GetHashCode(StringComparison.Ordinal), now.Ticks);
            var cluster = _scan.Run(cases, Periods, seed, Gate);
            if (cluster is null || cluster.Replicates == 0) continue;
            MonteCarloRuns++;
            if ((cluster.GumbelPValue ?? cluster.PValue) > PThreshold) continue;
            var zones = cluster.Zones.ToHashSet(StringComparer.Ordinal);
            var since = now.AddDays(-cluster.Periods);
            var tickets = window.Where(t => zones.Contains(t.Township!) && t.ReceivedAt >= since).ToList();
            if (tickets.Select(t => t.Caller ?? t.TicketId).Distinct().Count() < MinCallers) continue;
            var top = tickets.GroupBy(t => t.Township!).MaxBy(g => g.Count())!.Key;
            signals.Add(new Signal
            {
                Detector = DetectorName.SpaceTimeScan, RiskGroup = group, Category = tickets.GroupBy(t => t.Category)
                    .MaxBy(g => g.Count())?.Key,
                District = countyOf(top) ?? top, Township = zones.Count == 1 ? top : null, Tickets = tickets,
                Observed = cluster.Observed,
                Expected = cluster.Expected, PValue = double.NaN, Window = TimeSpan.FromDays(cluster.Periods),
                Expectable = tickets.Count(t =>
                    SeasonCalendar.InSeason(_seasonOf(t.Category), t.ReceivedAt)) * 2 > tickets.Count,
            });
        }
        _touched.Clear();
        return signals;
    }
}

namespace Hotline.Models.Warning;

/// <summary>
/// Runs the early-warning detectors as if live: tickets enter in receipt order and the detectors scan every
/// <c>step</c> using only tickets received up to that moment (no look-ahead); signals go through the alert
/// manager. The same code serves the 10-minute scan in `hotline serve`, `alerts scan`, `alerts replay` and the
/// evaluation, so what is measured is what runs.
/// </summary>
public sealed class WarningEngine
{
    public WindowCountDetector Counts { get; }
    public TextBurstDetector Bursts { get; }
    public AlertManager Alerts { get; }
    private readonly UnitDirectory _units;
    private DateTime _burstsFrom = DateTime.MinValue;

    /// <summary>The hourly detectors that feed live alerts.</summary>
    public static readonly IReadOnlySet<DetectorName> LiveDetectors =
        new HashSet<DetectorName> { DetectorName.WindowCount, DetectorName.TextBurst, DetectorName.NamedSite };
    /// <summary>
    /// The detectors a scan can run. The routing watchdog is not one: it watches the dispatch assistant weekly
    /// (RoutingWatchdog, a scheduled job), not the tickets, and only shares the alert lifecycle.
    /// </summary>
    public static readonly IReadOnlyList<DetectorName> AllDetectors = Codes.All<DetectorName>()
        .Where(d => d != DetectorName.RoutingWatchdog).ToList();

    /// <summary>Which detectors feed alerts. Daily EARS C2 and Poisson CUSUM (per risk group × county) are off in live
    /// alerting and on when the evaluation compares detectors one by one, to show what each adds.</summary>
    public IReadOnlySet<DetectorName> Detectors { get; init; } = LiveDetectors;
    public IReadOnlyList<DailyCountDetector> Daily { get; }
    public SpaceTimeScanDetector SpaceTime { get; }
    public NamedSiteDetector Sites { get; }

    public WarningEngine(ReferenceData reference)
    {
        var seasons = reference.Categories.ToDictionary(c => c.Code, c => c.Season, StringComparer.Ordinal);
        string? SeasonOf(string? category) => category is null ? null : seasons.GetValueOrDefault(category);
        Counts = new WindowCountDetector(SeasonOf);
        Bursts = new TextBurstDetector(SeasonOf, Counts);
        Alerts = new AlertManager(reference);
        SpaceTime = new SpaceTimeScanDetector(reference, SeasonOf);
        Sites = new NamedSiteDetector(SeasonOf, reference.Areas.Select(a => a.Name));
        Daily =
        [
            new DailyCountDetector(DetectorName.EarsC2, () =>
                new Hotline.Models.Detection.Ears(Hotline.Models.Detection.EarsMethod.C2, minSigma: 1), SeasonOf),
            new DailyCountDetector(DetectorName.Cusum, () => new Hotline.Models.Detection.PoissonCusum(), SeasonOf),
        ];
        _units = new UnitDirectory(reference);
    }

    /// <summary>
    /// Feeds tickets (sorted by receipt) and scans every <paramref name="step"/> from <paramref name="from"/> to
    /// <paramref name="to"/>; tickets before <paramref name="from"/> only build the baselines.
    /// </summary>
    public List<AlertChange> Run(IReadOnlyList<WarningTicket> tickets, DateTime from, DateTime to, TimeSpan step)
    {
        var changes = new List<AlertChange>();
        var i = 0;
        // Text bursts look back one window only: older tickets would be compared with their neighbours and dropped
        // before the first scan (at Beijing's volume, 28 days of them cost more than the whole replay).
        _burstsFrom = from - Bursts.Window;
        while (i < tickets.Count && tickets[i].ReceivedAt < from) Feed(tickets[i++]);
        // Warm-up tickets are history, not news: scanning once at the start clears what they touched.
        Scan(from, from);
        for (var now = from + step; now <= to; now += step)
        {
            while (i < tickets.Count && tickets[i].ReceivedAt < now) Feed(tickets[i++]);
            changes.AddRange(Alerts.Apply(now, Scan(now, now - step)));
        }
        return changes;
    }

    /// <summary>Only the enabled detectors are fed and scanned (the live scan runs every 10 minutes).</summary>
    private List<Signal> Scan(DateTime now, DateTime last)
    {
        var signals = new List<Signal>();
        if (Detectors.Contains(DetectorName.WindowCount)) signals.AddRange(Counts.Scan(now, CountyOf));
        if (Detectors.Contains(DetectorName.TextBurst)) signals.AddRange(Bursts.Scan(now, CountyOf, last));
        if (Detectors.Contains(DetectorName.NamedSite)) signals.AddRange(Sites.Scan(now, CountyOf));
        if (Detectors.Contains(DetectorName.SpaceTimeScan)) signals.AddRange(SpaceTime.Scan(now, CountyOf));
        foreach (var d in Daily.Where(d => Detectors.Contains(d.Name))) signals.AddRange(d.Scan(now));
        return signals;
    }

    private void Feed(WarningTicket t)
    {
        // The window counts are always kept: the other detectors ask them whether a seasonal rise is localized.
        Counts.Add(t);
        if (Detectors.Contains(DetectorName.TextBurst) && t.ReceivedAt > _burstsFrom) Bursts.Add(t);
        if (Detectors.Contains(DetectorName.NamedSite)) Sites.Add(t);
        if (Detectors.Contains(DetectorName.SpaceTimeScan)) SpaceTime.Add(t);
        foreach (var d in Daily.Where(d => Detectors.Contains(d.Name))) d.Add(t);
    }

    private string? CountyOf(string area) => _units.CountyOf(area);
}

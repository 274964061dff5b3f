namespace Hotline.Models.Warning.Evaluation;

/// <summary>An injected incident or decoy from the simulator's truth (incidents.csv).</summary>
public sealed record TruthIncident(string Id, string Kind, string Type, DateTime Start, DateTime End, string? District,
    string? Township,
    IReadOnlySet<string> TicketIds)
{
    public static List<TruthIncident> Read(string truthDir)
    {
        var path = Path.Combine(truthDir, "incidents.csv");
        if (!File.Exists(path)) throw new FileNotFoundException($"no incidents.csv in {truthDir} (write it "
            + "with `hotline simulate --truth DIR`)");
        return File.ReadLines(path).Skip(1).Select(Hotline.Ingest.Csv.CsvLines.Split)
            .Select(c => new TruthIncident(c[0], c[1], c[2],
            DateTimeOffset.Parse(c[3], CultureInfo.InvariantCulture).DateTime,
                DateTimeOffset.Parse(c[4], CultureInfo.InvariantCulture).DateTime,
            c[5].Length > 0 ? c[5] : null, c[6].Length > 0 ? c[6] : null, c[10].Split('|')
                .ToHashSet(StringComparer.Ordinal))).ToList();
    }
}

/// <summary>Probability of detection, delay and false alerts of a set of alerts against the truth.</summary>
public sealed record DetectionScores(int Incidents, int Detected, double ProbabilityOfDetection,
    double? MedianDelayMinutes, double? P90DelayMinutes,
    int FalseAlerts, double Weeks, double FalseAlertsPerWeek, int Decoys, int DecoysAlerted, int LowAlerts,
    IReadOnlyList<(string Type, int Incidents, int Detected, double? MedianDelayMinutes)> ByType)
{
    /// <summary>
    /// The warnings that cited no incident or decoy ticket, and the incidents no warning cited: what to read when
    /// tuning.
    /// </summary>
    public IReadOnlyList<Alert> FalseAlertList { get; init; } = [];
    public IReadOnlyList<TruthIncident> Missed { get; init; } = [];
    /// <summary>Detected incidents whose best warning starts over an hour off the truth or is under 80 % their own
    /// tickets: the incident, that warning, and the share of its tickets that are the incident's.</summary>
    public IReadOnlyList<(TruthIncident Incident, Alert Alert, double Purity)> Imprecise { get; init; } = [];
    /// <summary>Decoys with a warning above low, and the alerts that warned.</summary>
    public IReadOnlyList<(TruthIncident Decoy, Alert Alert)> DecoyAlerts { get; init; } = [];
    /// <summary>
    /// Of the detected incidents, the share whose warning (the one citing most of its tickets) gives a first call
    /// time within an hour of the incident's start, and the share whose warning's tickets are at least 80 % the
    /// incident's own (the rest is background the window swept in).
    /// </summary>
    public double StartWithinHour { get; init; }
    public double PurityAtLeast80 { get; init; }
    public double MedianPurity { get; init; }
}

public static class DetectionEvaluation
{
    /// <summary>
    /// An alert detects an incident when it cites one of the incident's tickets, at medium severity or more (a
    /// low alert is a note, not a warning). Delay: from the incident's first ticket to the first such alert.
    /// False alert: medium or more, citing no incident or decoy ticket. A decoy counts as alerted when an alert
    /// above low cites its tickets.
    /// </summary>
    public static DetectionScores Score(IReadOnlyList<AlertChange> changes, IReadOnlyList<TruthIncident> truth,
        DateTime from, DateTime to,
        Func<Alert, bool>? include = null)
    {
        // Each alert's state when first at ≥ medium, and every ticket it ever cited.
        var firstWarned = new Dictionary<Alert, DateTime>();
        foreach (var c in changes.OrderBy(c => c.At))
            if (c.Severity >= Severity.Medium && (include?.Invoke(c.Alert) ?? true)) firstWarned.TryAdd(c.Alert, c.At);
        var alerts = changes.Select(c => c.Alert).Distinct().Where(a => include?.Invoke(a) ?? true).ToList();
        var warned = alerts.Where(firstWarned.ContainsKey).ToList();

        var incidents = truth.Where(t => t.Kind == "incident" && t.Start >= from && t.Start < to).ToList();
        var decoys = truth.Where(t => t.Kind == "decoy" && t.Start >= from && t.Start < to).ToList();
        var delays = new Dictionary<TruthIncident, double>();
        foreach (var inc in incidents)
        {
            var hits = warned.Where(a => a.Tickets.Keys.Any(inc.TicketIds.Contains)).ToList();
            if (hits.Count == 0) continue;
            // An alert opened for something else may take in the incident's tickets later: it cannot have warned
            // about the incident before the first of them arrived.
            DateTime WarnedAt(Alert a)
            {
                var firstOwn = a.Tickets.Values.Where(t => inc.TicketIds.Contains(t.TicketId)).Min(t => t.ReceivedAt);
                return firstWarned[a] > firstOwn ? firstWarned[a] : firstOwn;
            }
            delays[inc] = Math.Max(0, (hits.Min(WarnedAt) - inc.Start).TotalMinutes);
        }
        // When, how many: the warning citing most of each detected incident's tickets, against the truth.
        var best = delays.Keys.Select(inc => (inc, a: warned.MaxBy(a => a.Tickets.Keys.Count(inc.TicketIds.Contains))!))
            .Select(x => (x.inc, x.a, purity: x.a.Tickets.Keys.Count(x.inc.TicketIds.Contains)
                / (double)x.a.Tickets.Count)).ToList();
        var purities = best.Select(b => b.purity).Order().ToList();
        var truthTickets = truth.SelectMany(t => t.TicketIds).ToHashSet(StringComparer.Ordinal);
        var falseList = warned.Where(a => !a.Tickets.Keys.Any(truthTickets.Contains)).ToList();
        var falseAlerts = falseList.Count;
        var decoysAlerted = decoys.Count(d => warned.Any(a => a.Tickets.Keys.Any(d.TicketIds.Contains)));
        var weeks = (to - from).TotalDays / 7;
        var sorted = delays.Values.Order().ToList();
        double? Q(List<double> xs, double q) => xs.Count == 0 ? null
            : xs[Math.Min(xs.Count - 1, (int)Math.Floor(q * xs.Count))];
        double? Median(List<double> xs) => xs.Count == 0 ? null : xs.Count % 2 == 1 ? xs[xs.Count / 2]
            : (xs[xs.Count / 2 - 1] + xs[xs.Count / 2]) / 2;
        var byType = incidents.GroupBy(i => i.Type).OrderBy(g => g.Key)
            .Select(g =>
                (g.Key, g.Count(), g.Count(delays.ContainsKey),
                Median(g.Where(delays.ContainsKey).Select(i => delays[i]).Order().ToList()))).ToList();
        return new DetectionScores(incidents.Count, delays.Count, incidents.Count == 0 ? 0
            : delays.Count / (double)incidents.Count,
            Median(sorted), Q(sorted, 0.9), falseAlerts, weeks, weeks > 0 ? falseAlerts / weeks : 0, decoys.Count,
                decoysAlerted,
            alerts.Count(a => !firstWarned.ContainsKey(a)), byType)
        {
            FalseAlertList = falseList, Missed = incidents.Where(i => !delays.ContainsKey(i)).ToList(),
            StartWithinHour = best.Count == 0 ? 0
                : best.Count(b => Math.Abs((b.a.FirstTicketAt - b.inc.Start).TotalMinutes) <= 60) / (double)best.Count,
            PurityAtLeast80 = best.Count == 0 ? 0 : best.Count(b => b.purity >= 0.8) / (double)best.Count,
            MedianPurity = Median(purities) ?? 0,
            Imprecise = best.Where(b => Math.Abs((b.a.FirstTicketAt - b.inc.Start).TotalMinutes) > 60 || b.purity < 0.8)
                .OrderBy(b => b.inc.Start).ToList(),
            DecoyAlerts = decoys.SelectMany(d => warned.Where(a => a.Tickets.Keys.Any(d.TicketIds.Contains))
                .Select(a => (d, a))).ToList(),
        };
    }
}

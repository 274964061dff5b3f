using MathNet.Numerics;

namespace Hotline.Models.Warning.Detectors;

/// <summary>
/// Prospective Poisson window test per risk group × place (township/street, and county): are there more tickets in
/// the last 3 h / 24 h / 72 h than the place's own recent history (28 days before the window) or its share of the
/// city's tickets of that group would make likely? The expected count follows the city's hour-of-day profile, so a
/// busy morning is not an outbreak. A place with no history of the group borrows the city's rate scaled by the
/// place's share of all tickets (empirical-Bayes floor), so a first-ever ticket is not infinitely surprising.
/// Fires when P(X ≥ observed) is below the threshold and at least <see cref="MinCallers"/> distinct callers are
/// involved (one caller phoning ten times is a repeat caller, not an incident).
/// </summary>
public sealed class WindowCountDetector(Func<string?, string?> seasonOf)
{
    public static readonly TimeSpan[] Windows = [TimeSpan.FromHours(3), TimeSpan.FromHours(24), TimeSpan.FromHours(72)];
    public static readonly TimeSpan Baseline = TimeSpan.FromDays(28);
    public double PThreshold { get; init; } = 1e-6;
    public int MinCallers { get; init; } = 3;
    /// <summary>
    /// Counts of a county over days are over-dispersed (weather, news, a busy week), so significance alone flags
    /// ordinary ups and downs of large counts; an incident is also a large relative excess.
    /// </summary>
    public double MinRatio { get; init; } = 3;
    /// <summary>How unlikely a place's share of a city-wide rise must be to call the rise local there.</summary>
    public double LocalizedP { get; init; } = 1e-7;

    private readonly Dictionary<(string Group, string Area), List<WarningTicket>> _byKey = [];
    private readonly Dictionary<string, List<DateTime>> _byArea = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DateTime>> _byGroup = new(StringComparer.Ordinal);
    private readonly List<DateTime> _all = [];
    private readonly HashSet<(string Group, string Area)> _touched = [];
    private readonly double[] _hourProfile = new double[24];

    public void Add(WarningTicket t)
    {
        _all.Add(t.ReceivedAt);
        _hourProfile[t.ReceivedAt.Hour]++;
        foreach (var area in new[] { t.Township, t.District })
            if (area is not null) Append(_byArea, area, t.ReceivedAt);
        if (t.RiskGroup is null) return;
        Append(_byGroup, t.RiskGroup, t.ReceivedAt);
        foreach (var area in new[] { t.Township, t.District })
        {
            if (area is null) continue;
            var key = (t.RiskGroup, area);
            if (!_byKey.TryGetValue(key, out var list)) _byKey[key] = list = [];
            list.Add(t);
            _touched.Add(key);
        }
    }

    private static void Append(Dictionary<string, List<DateTime>> d, string key, DateTime at)
    {
        if (!d.TryGetValue(key, out var list)) d[key] = list = [];
        list.Add(at);
    }

    /// <summary>
    /// Tests every place/group that received tickets since the last scan; returns the signals at time
    /// <paramref name="now"/>.
    /// </summary>
    public List<Signal> Scan(DateTime now, Func<string, string?> countyOf)
    {
        var signals = new List<Signal>();
        foreach (var key in _touched)
        {
            var list = _byKey[key];
            Signal? best = null;
            foreach (var w in Windows)
            {
                var from = now - w;
                var lo = LowerBound(list, from);
                var hi = LowerBound(list, now.AddTicks(1));
                var n = hi - lo;
                if (n < MinCallers) continue;
                var expected = Expected(key, from, now);
                var p = SpecialFunctions.GammaLowerRegularized(n, expected);
                if (n < MinRatio * expected) continue;
                if (p >= PThreshold || (best is not null && p >= best.PValue)) continue;
                var tickets = list.GetRange(lo, n);
                var s = new Signal
                {
                    Detector = DetectorName.WindowCount, RiskGroup = key.Group,
                    Category = tickets.GroupBy(t => t.Category).MaxBy(g => g.Count())?.Key,
                    District = key.Area.Length == 6 ? key.Area : countyOf(key.Area) ?? key.Area,
                    Township = key.Area.Length == 6 ? null : key.Area,
                    Tickets = tickets, Observed = n, Expected = expected, PValue = p, Window = w,
                    Expectable = tickets.Count(t =>
                        SeasonCalendar.InSeason(seasonOf(t.Category), t.ReceivedAt)) * 2 > tickets.Count
                        && !IsLocalized(key.Group, key.Area, from, now, n),
                };
                if (s.Callers >= MinCallers) best = s;
            }
            if (best is not null) signals.Add(best);
        }
        _touched.Clear();
        return signals;
    }

    /// <summary>
    /// Does this place hold far more of the city's tickets of the group in the window than it usually does? A seasonal
    /// rise (heating start) lifts every place alike; a burst main or a flooded underpass concentrates in one. Only a
    /// rise that is not localized is "expected": a local cluster of a seasonal category is still an incident.
    /// The place's count is tested against its usual share of the city's window count (Poisson tail).
    /// </summary>
    public bool IsLocalized(string group, string area, DateTime from, DateTime now, int n)
    {
        if (!_byGroup.TryGetValue(group, out var g)) return true;
        var cityWindow = CountTimes(g, from, now.AddTicks(1));
        if (cityWindow == 0) return true;
        var bFrom = from - Baseline;
        var cityBase = CountTimes(g, bFrom, from);
        // Out of season a group's last 28 days say little about where its tickets usually come from: look back a year.
        if (cityBase < 30) cityBase = CountTimes(g, bFrom = from.AddDays(-365), from);
        var areaBase = _byKey.TryGetValue((group, area), out var l) ? Count(l, bFrom, from) : 0;
        bFrom = from - Baseline;
        var allBase = CountTimes(_all, bFrom, from);
        var areaAll = _byArea.TryGetValue(area, out var a) ? CountTimes(a, bFrom, from) : 0;
        var usual = Math.Max(cityBase == 0 ? 0 : areaBase / (double)cityBase, allBase == 0 ? 0
            : areaAll / (double)allBase);
        // Three times the usual share, and more than chance allows: ~170 places × 3 windows are tested every 10
        // minutes (~70k tests a day), so during a city-wide rise some place draws three times its share by luck
        // alone; at 1e-7 that happens about once in a hundred days. A real local cluster (a flooded underpass: 20+
        // tickets where 2 were expected) is far below it.
        return n / (double)cityWindow >= 3 * usual
            && (usual == 0 || SpecialFunctions.GammaLowerRegularized(n, cityWindow * usual) < LocalizedP);
    }

    /// <summary>Expected tickets of the key in [from, now) given the 28 days before <paramref name="from"/>.</summary>
    private double Expected((string Group, string Area) key, DateTime from, DateTime now)
    {
        // Early in a warehouse's life the baseline is shorter than 28 days: rates are per day of history actually seen.
        var bFrom = from - Baseline;
        if (_all.Count > 0 && _all[0] > bFrom) bFrom = _all[0];
        var days = Math.Max(1, (from - bFrom).TotalDays);
        var own = Count(_byKey[key], bFrom, from);
        var areaAll = _byArea.TryGetValue(key.Area, out var a) ? CountTimes(a, bFrom, from) : 0;
        var cityAll = CountTimes(_all, bFrom, from);
        var cityGroup = _byGroup.TryGetValue(key.Group, out var g) ? CountTimes(g, bFrom, from) : 0;
        var prior = cityAll == 0 ? 0 : cityGroup * (double)areaAll / cityAll;
        var baseCount = Math.Max(Math.Max(own, prior), 1.0);
        // Share of a 28-day period's tickets that fall in [from, now), by the hour-of-day profile.
        double total = _hourProfile.Sum(), inWindow = 0;
        if (total == 0) return baseCount * (now - from).TotalHours / (days * 24);
        for (var t = from; t < now; t = t.AddHours(1))
        {
            var part = Math.Min(1, (now - t).TotalHours);
            inWindow += part * _hourProfile[t.Hour] / total;
        }
        // Emergencies keep their own hours (fights and fires at night, when the hotline is quiet): never expect less
        // than a third of the flat rate, or three night-time calls would look like a crisis.
        var flat = (now - from).TotalHours / 24;
        return baseCount * Math.Max(inWindow, flat / 3) / days;
    }

    private static int Count(List<WarningTicket> list, DateTime from, DateTime to) =>
        LowerBound(list, to) - LowerBound(list, from);

    private static int CountTimes(List<DateTime> list, DateTime from, DateTime to) =>
        LowerBoundTime(list, to) - LowerBoundTime(list, from);

    /// <summary>First index received at or after <paramref name="at"/> (lists are in receipt order).</summary>
    private static int LowerBound(List<WarningTicket> list, DateTime at) =>
        Lower(list.Count, i => list[i].ReceivedAt, at);

    private static int LowerBoundTime(List<DateTime> list, DateTime at) => Lower(list.Count, i => list[i], at);

    private static int Lower(int count, Func<int, DateTime> timeAt, DateTime at)
    {
        int lo = 0, hi = count;
        while (lo < hi) { var mid = (lo + hi) / 2; if (timeAt(mid) < at) lo = mid + 1; else hi = mid; }
        return lo;
    }
}

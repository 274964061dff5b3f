using Hotline.Models.Detection;

namespace Hotline.Models.Warning.Detectors;

/// <summary>
/// Classic daily surveillance as a signal source: at each midnight, every (risk group × county) daily count series
/// of the last <see cref="History"/> days goes through one count detector (EARS C2, Poisson CUSUM, …), and an alarm
/// on the day just ended becomes a signal with that day's tickets. Counts are adjusted for the city's total volume
/// that day (working day, weekend, holiday), so a quiet Sunday is not read as a drop and a busy Monday not as a
/// rise. It is slower by design (a day must end) and exists to show what the hourly detectors add.
/// </summary>
public sealed class DailyCountDetector(DetectorName name,
    Func<ICountDetector> detector, Func<string?, string?> seasonOf)
{
    public const int History = 60;
    public DetectorName Name => name;
    private readonly Dictionary<(string Group, string County), Dictionary<DateOnly, List<WarningTicket>>> _byDay = [];
    private readonly Dictionary<DateOnly, int> _cityTotal = [];
    private DateOnly? _lastJudged;

    public void Add(WarningTicket t)
    {
        var day = DateOnly.FromDateTime(t.ReceivedAt);
        _cityTotal[day] = _cityTotal.GetValueOrDefault(day) + 1;
        if (t.RiskGroup is null || t.District is null) return;
        var key = (t.RiskGroup, t.District);
        if (!_byDay.TryGetValue(key, out var days)) _byDay[key] = days = [];
        if (!days.TryGetValue(day, out var list)) days[day] = list = [];
        list.Add(t);
    }

    public List<Signal> Scan(DateTime now)
    {
        var signals = new List<Signal>();
        var ended = DateOnly.FromDateTime(now).AddDays(-1);
        if (_lastJudged is { } last && last >= ended) return signals;
        var warm = _lastJudged is null;
        _lastJudged = ended;
        if (warm) return signals; // the first call only marks where judging starts
        var days = Enumerable.Range(0, History).Select(i => ended.AddDays(i - History + 1)).ToList();
        var volumes = days.Select(d => (double)_cityTotal.GetValueOrDefault(d)).ToList();
        var seen = volumes.Where(v => v > 0).ToList();
        if (seen.Count < 14) return signals;
        var mean = seen.Average();
        foreach (var (key, byDay) in _byDay)
        {
            if (!byDay.TryGetValue(ended, out var today) || today.Count < 3) continue;
            var series = days.Select((d, i) => volumes[i] > 0 ? byDay.GetValueOrDefault(d)?.Count * mean / volumes[i]
                ?? 0 : 0).ToList();
            var point = detector().Run(series)[^1];
            if (!point.Alarm) continue;
            signals.Add(new Signal
            {
                Detector = name, RiskGroup = key.Group, Category = today.GroupBy(t => t.Category)
                    .MaxBy(g => g.Count())?.Key,
                District = key.County, Tickets = today, Observed = today.Count, Expected = point.Expected
                    ?? double.NaN, PValue = double.NaN,
                Window = TimeSpan.FromDays(1),
                Expectable = today.Count(t =>
                    SeasonCalendar.InSeason(seasonOf(t.Category), t.ReceivedAt)) * 2 > today.Count,
            });
        }
        return signals;
    }
}

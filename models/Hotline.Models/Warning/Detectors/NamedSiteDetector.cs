using System.Text.RegularExpressions;
using MathNet.Numerics;

namespace Hotline.Models.Warning.Detectors;

/// <summary>
/// Several distinct callers naming the same site (a construction project, a restaurant, a school, a factory)
/// about the same risk group in one township within <see cref="Window"/>: a wage-arrears group at one project or
/// food poisoning after one restaurant builds up over a day or two, too slowly for a 6-hour text burst and too
/// small for county counts, but the site's name repeats, in the text or as the recorded place of the matter (the
/// address). Mentions are normalised (我们在兰山区和谐花园棚改项目 and 和谐花园棚改项目 agree); generic phrases (楼下饭店,
/// 附近工地) are not sites.
///
/// Three callers naming one site is news only if the name is rare: a school name every township has, or a common
/// shop name, comes up by chance. So the count is tested against what chance predicts for that name: the
/// township's rate of site-naming tickets of the group (its past <see cref="History"/>, at least one), times the
/// window, times the name's share of the group's past mentions city-wide (add-one smoothed, so a name never seen
/// before is rare but not impossible). Fires when P(X ≥ callers) is below <see cref="PThreshold"/>.
/// Only mentions that have left the window count as history: an incident never explains itself away.
/// </summary>
public sealed partial class NamedSiteDetector(Func<string?, string?> seasonOf, IEnumerable<string> areaNames)
{
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(72);
    public TimeSpan History { get; init; } = TimeSpan.FromDays(28);
    public int MinCallers { get; init; } = 3;
    public double PThreshold { get; init; } = 1e-6;

    // History: mentions that left the window less than History ago (the live scan loads about that much, so the
    // year-long evaluation sees what the server sees). Counted per name, per group and per group × township.
    private readonly Queue<((string Group, string Township, string Site) Key, DateTime At)> _history = new();
    private readonly Dictionary<(string Group, string Site), int> _nameCount = [];
    private readonly Dictionary<string, (int Mentions, int Names)> _groupCount = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Group, string Township), int> _townshipCount = [];
    /// <summary>
    /// Every mention in arrival order, so each becomes history once it leaves the window, touched or not.
    /// </summary>
    private readonly Queue<((string Group, string Township, string Site) Key, DateTime At)> _arrivals = new();

    [GeneratedRegex(@"[\u4e00-\u9fa5]{2,12}?(?:项目工地|项目|工地|饭店|餐馆|餐厅|酒店|食堂|大排档|烧烤店|小吃店|学校|小学|中学|幼儿园|工厂|加工厂|厂|工程|店|饭馆|汤馆|糁馆)")]
    private static partial Regex SitePattern();

    private static readonly string[] Generic = ["楼下", "附近", "旁边", "门口", "对面", "这家", "那家", "一家", "这个", "那个", "周边", "隔壁",
        "小区", "我们", "你们", "年底", "年前", "过年", "今年", "去年"];
    private const string Leading = "我俺们在到去的了住是个家从跟给和与就还又也都";

    private readonly Dictionary<(string Group, string Township, string Site), List<WarningTicket>> _mentions = [];
    private readonly HashSet<(string Group, string Township, string Site)> _touched = [];

    /// <summary>County and township names, longest first, so "兰山区银雀山街道阳光花园" and "阳光花园" name the same site.</summary>
    private readonly string[] _areas = areaNames.Where(n => n.Length >= 2).Distinct().OrderByDescending(n => n.Length)
        .ToArray();

    /// <summary>The sites a text names, normalised: area names removed, what follows the last 在/到/于 ("我们一帮人在X项目工地" →
    /// X项目工地), without leading filler, at most 12 characters. Generic phrases are not sites.</summary>
    public IEnumerable<string> Sites(string text)
    {
        // Area names go first: 马厂湖镇 would otherwise end in a "厂" site, and 兰山区X花园 is just X花园.
        foreach (var a in _areas)
            if (text.Contains(a, StringComparison.Ordinal)) text = text.Replace(a, "，", StringComparison.Ordinal);
        foreach (Match m in SitePattern().Matches(text))
        {
            var s = m.Value;
            var cut = s.LastIndexOfAny(['在', '到', '于']);
            if (cut >= 0) s = s[(cut + 1)..]; // 工人都在工地 names no site; 我们在凤凰家园项目工地 names 凤凰家园项目工地
            if (Normalise(s.TrimStart(Leading.ToCharArray())) is { } site) yield return site;
        }
    }

    /// <summary>
    /// A recorded place (the ticket's address without house numbers) in the same form as a named site.
    /// </summary>
    public string? Normalise(string place)
    {
        var s = place;
        for (var stripped = true; stripped;)
        {
            stripped = false;
            foreach (var a in _areas)
                if (s.StartsWith(a, StringComparison.Ordinal)) { s = s[a.Length..]; stripped = true; break; }
        }
        if (s.Length < 4 || Generic.Any(g => s.Contains(g, StringComparison.Ordinal))) return null;
        return s.Length > 12 ? s[^12..] : s;
    }

    public void Add(WarningTicket t)
    {
        if (t.RiskGroup is null || t.Township is null) return;
        // The recorded place of the matter counts as one more mention, in the same normalised form as a named site.
        var named = Sites(t.Text);
        if (t.Place is { } place && Normalise(place) is { } recorded) named = named.Append(recorded);
        foreach (var site in named.Distinct())
        {
            var key = (t.RiskGroup, t.Township, site);
            if (!_mentions.TryGetValue(key, out var list)) _mentions[key] = list = [];
            list.Add(t);
            _touched.Add(key);
            _arrivals.Enqueue((key, t.ReceivedAt));
        }
    }

    public List<Signal> Scan(DateTime now, Func<string, string?> countyOf)
    {
        var signals = new List<Signal>();
        while (_arrivals.Count > 0 && _arrivals.Peek().At <= now - Window)
        {
            var (key, at) = _arrivals.Dequeue();
            Remember(key, at);
        }
        Forget(now - Window - History);
        foreach (var key in _touched)
        {
            var list = _mentions[key];
            list.RemoveAll(t => t.ReceivedAt <= now - Window);
            var callers = list.Select(t => t.Caller ?? t.TicketId).Distinct().Count();
            if (callers < MinCallers) continue;
            var expected = Expected(key);
            var p = SpecialFunctions.GammaLowerRegularized(callers, expected);
            if (p >= PThreshold) continue;
            signals.Add(new Signal
            {
                Detector = DetectorName.NamedSite, RiskGroup = key.Group, Category = list.GroupBy(t => t.Category)
                    .MaxBy(g => g.Count())?.Key,
                District = countyOf(key.Township) ?? key.Township, Township = key.Township, Tickets = list.ToList(),
                Observed = list.Count,
                Expected = expected, PValue = p, Window = Window,
                Expectable = list.Count(t =>
                    SeasonCalendar.InSeason(seasonOf(t.Category), t.ReceivedAt)) * 2 > list.Count
                    && list.Count < 2 * MinCallers,
            });
        }
        _touched.Clear();
        return signals;
    }

    private void Remember((string Group, string Township, string Site) key, DateTime at)
    {
        _history.Enqueue((key, at));
        var seen = _nameCount.GetValueOrDefault((key.Group, key.Site));
        _nameCount[(key.Group, key.Site)] = seen + 1;
        var g = _groupCount.GetValueOrDefault(key.Group);
        _groupCount[key.Group] = (g.Mentions + 1, g.Names + (seen == 0 ? 1 : 0));
        _townshipCount[(key.Group, key.Township)] = _townshipCount.GetValueOrDefault((key.Group, key.Township)) + 1;
    }

    private void Forget(DateTime before)
    {
        while (_history.Count > 0 && _history.Peek().At <= before)
        {
            var (key, _) = _history.Dequeue();
            var left = _nameCount[(key.Group, key.Site)] - 1;
            if (left == 0) _nameCount.Remove((key.Group, key.Site)); else _nameCount[(key.Group, key.Site)] = left;
            var g = _groupCount[key.Group];
            _groupCount[key.Group] = (g.Mentions - 1, g.Names - (left == 0 ? 1 : 0));
            _townshipCount[(key.Group, key.Township)]--;
        }
    }

    /// <summary>Mentions of this name in this township that chance predicts within the window.</summary>
    private double Expected((string Group, string Township, string Site) key)
    {
        var rate = Math.Max(_townshipCount.GetValueOrDefault((key.Group, key.Township)), 1) / History.TotalHours;
        var g = _groupCount.GetValueOrDefault(key.Group);
        var share = (_nameCount.GetValueOrDefault((key.Group, key.Site)) + 1.0) / (g.Mentions + g.Names + 1.0);
        return rate * Window.TotalHours * share;
    }
}

using System.Text.RegularExpressions;

namespace Hotline.Models.Hotspots;

/// <summary>What kind of thing a ticket's subject is; the order is the preference when a text names several.</summary>
public enum SubjectKind
{
    /// <summary>An enterprise or shop: 公司、超市、饭店、健身房、驾校、搅拌站… A chain keeps its name across counties.</summary>
    Business,
    /// <summary>A school, college, hospital or clinic.</summary>
    Institution,
    /// <summary>A construction project, site or development: 项目、工地、楼盘.</summary>
    Project,
    /// <summary>A residential compound, village, square or market: names repeat across counties.</summary>
    Place,
    /// <summary>A road or street: the weakest subject (callers name roads to say where they are).</summary>
    Road,
}

/// <summary>The matter a ticket is about, as named in its text: 丽发新城 (Place), 五矿万境项目 (Project).</summary>
public sealed record Subject(string Name, SubjectKind Kind)
{
    /// <summary>
    /// Subjects whose name alone identifies them city-wide (a chain, a college); places repeat by county.
    /// </summary>
    public bool CityWide => Kind is SubjectKind.Business or SubjectKind.Institution or SubjectKind.Project;
}

/// <summary>
/// Finds the subject a citizen's text is about: the enterprise, site, project, school or compound it names. A topic
/// keyed on the caller's address groups callers by where they live; a gym chain closing is then hundreds of one-ticket
/// "topics" at their homes. Keyed on what the text names, the callers of one enterprise or site come together wherever
/// they live. No Chinese named-entity model ships in any package here, so this reads names the way a clerk does: a
/// word for a kind of place (小区、公司、学院、项目…) and the name just before it, cut on the left at punctuation,
/// function words and determiners (那家、我们、该…) and with the city's own division names removed (A3区、罗庄街道).
/// A kind word with no name before it (那家健身房, 我们小区) names no subject: the category itself is then the
/// matter. Titles are read before bodies, since a title usually names the subject in few words.
/// </summary>
public sealed partial class SubjectFinder
{
    private readonly string[] _areas;

    /// <param name="areaNames">The city's division names (counties, townships), stripped from the front of a name:
    /// 兰山区银雀山街道凤凰名苑 names 凤凰名苑.</param>
    public SubjectFinder(IEnumerable<string>? areaNames = null) =>
        _areas = (areaNames ?? []).Where(a => a.Length >= 2).Distinct(StringComparer.Ordinal)
            .OrderByDescending(a => a.Length).ThenBy(a => a, StringComparer.Ordinal).ToArray();

    // Kind words, longest first within a kind so 有限公司 wins over 公司. Generic words only: these are the words any
    // Chinese address or business name ends with, not the simulator's or an evaluation set's phrases.
    private static readonly (SubjectKind Kind, string[] Words)[] Kinds =
    [
        (SubjectKind.Business, ["股份有限公司", "有限责任公司", "有限公司", "公司", "集团", "银行", "超市", "商场", "商城",
            "酒店", "宾馆", "饭店", "餐馆", "餐厅", "烧烤", "火锅", "影楼", "健身房", "游泳馆", "瑜伽馆", "培训学校",
            "培训中心", "培训机构", "驾校", "4S店", "门店", "工厂", "搅拌站", "加油站", "养殖场", "物业", "网吧", "车贷"]),
        (SubjectKind.Institution, ["职业技术学院", "大学", "学院", "中学", "小学", "学校", "幼儿园", "医院", "卫生院",
            "诊所"]),
        (SubjectKind.Project, ["项目", "工地", "楼盘", "地块", "工程"]),
        (SubjectKind.Place, ["小区", "社区", "花园", "家园", "公馆", "公寓", "新村", "新城", "名苑", "苑", "府", "广场",
            "大厦", "市场", "村"]),
        (SubjectKind.Road, ["大道", "路", "街", "巷"]),
    ];

    private static readonly Regex KindPattern = new(
        "(" + string.Join("|", Kinds.SelectMany(k => k.Words).OrderByDescending(w => w.Length)
            .Select(Regex.Escape)) + ")(?![道办委监局面灯边况线])", RegexOptions.CultureInvariant);

    private static readonly Dictionary<string, SubjectKind> KindOf = Kinds
        .SelectMany(k => k.Words.Select(w => (w, k.Kind))).ToDictionary(x => x.w, x => x.Kind, StringComparer.Ordinal);

    // What can stand in a name: Chinese characters, Latin letters and digits (K9, 58车贷, 4S店).
    [GeneratedRegex(@"[\u4e00-\u9fa5A-Za-z0-9０-９]+$")]
    private static partial Regex NameRun();

    // Function words, determiners and place words that end a name on the left: the name is what follows the last one.
    [GeneratedRegex("(?:的|在|了|是|到|把|被|给|请|住|从|向|对|于|及|和|与|或|近|旁|那家|这家|那个|这个|那|这|该|本|全|整个|领导|部门|我们|我|俺们|俺|咱们|"
        + "咱|你们|他们|附近|旁边|门口|对面|周边|关于|反映|投诉|举报|咨询|建议|一家|一个|某|各|多|有|个)")]
    private static partial Regex Stop();

    // Anonymised or written-out divisions at a name's front: A市, A3区, E7县, 西地省.
    [GeneratedRegex(@"^(?:[A-Z]\d*[省市区县]|[\u4e00-\u9fa5]{2,3}省|[省市区县](?=[\u4e00-\u9fa5A-Z0-9]{2}))")]
    private static partial Regex AreaCode();

    /// <summary>The subject of a ticket (title read first), or null when the text names none.</summary>
    public Subject? Find(string? title, string? body)
    {
        Subject? best = null;
        var bestPosition = int.MaxValue;
        var offset = 0;
        foreach (var text in new[] { title ?? "", body ?? "" })
        {
            foreach (var s in All(text))
            {
                var position = offset + s.Position;
                if (best is null || s.Subject.Kind < best.Kind
                    || s.Subject.Kind == best.Kind && position < bestPosition)
                    (best, bestPosition) = (s.Subject, position);
            }
            // A subject the title names is preferred to any the body names, unless the title names only a road.
            if (best is { Kind: < SubjectKind.Road }) return best;
            offset += 100_000;
        }
        return best;
    }

    /// <summary>Every named subject in a text, in order.</summary>
    public IEnumerable<(Subject Subject, int Position)> All(string text)
    {
        foreach (Match m in KindPattern.Matches(text))
        {
            var kindWord = m.Value;
            var before = NameRun().Match(text[..m.Index]);
            if (!before.Success) continue;
            var name = Clean(before.Value);
            // A compound word is not a name (停车场's 车 before 场 is not matched; 商住小区, 老旧小区 are kinds of
            // compound): two characters of name at least, and not a kind word itself.
            if (name.Length < 2 || KindOf.ContainsKey(name) || Generic.Contains(name)) continue;
            // 市政府, 区委: the government is not a subject here (府 is a compound's name word).
            if (kindWord == "府" && (name.EndsWith('政') || name.EndsWith('委'))) continue;
            // 农村、乡村 and 道路 are kinds of place, not names.
            if (kindWord == "村" && (name.EndsWith('农') || name.EndsWith('乡'))) continue;
            if (kindWord == "路" && name.EndsWith('道')) continue;
            // A shop known by its road (水田路健身房) is a place in one county, not a name the city shares.
            var kind = KindOf[kindWord] == SubjectKind.Business && RoadEnd().IsMatch(name)
                ? SubjectKind.Road : KindOf[kindWord];
            var word = kindWord is "股份有限公司" or "有限责任公司" or "有限公司" ? "公司" : kindWord;
            yield return (new Subject(name + word, kind), m.Index - name.Length);
        }
    }

    private string Clean(string run)
    {
        // Keep at most the last 12 characters: a name is short, and a long run is a clause.
        var name = run.Length > 12 ? run[^12..] : run;
        var stops = Stop().Matches(name);
        if (stops.Count > 0)
        {
            var last = stops[^1];
            name = name[(last.Index + last.Length)..];
        }
        name = NounTail(name);
        for (var changed = true; changed && name.Length > 0;)
        {
            changed = false;
            foreach (var front in new[] { AreaCode().Match(name), Township().Match(name), RoadFront().Match(name),
                         Counted().Match(name) })
                if (front.Success && front.Length < name.Length - 1)
                {
                    name = name[front.Length..];
                    changed = true;
                }
            foreach (var a in _areas)
                if (name.Length > a.Length + 1 && name.StartsWith(a, StringComparison.Ordinal))
                {
                    name = name[a.Length..];
                    changed = true;
                    break;
                }
        }
        return AreaCode().Match(name) is { Success: true } m && m.Length == name.Length ? "" : name;
    }

    /// <summary>
    /// The run's last words that can stand in a name (nouns, place and organisation names, numbers, letters,
    /// adjectives): a verb, preposition, adverb, pronoun or particle before them ends the name, as in 由中介公司,
    /// 设置医院, 依法解决…村.
    /// </summary>
    private static string NounTail(string run)
    {
        if (run.Length == 0) return run;
        var words = WordSegmenter.Tag(run).ToList();
        var keep = 0;
        for (var i = words.Count - 1; i >= 0; i--)
        {
            var flag = words[i].Flag;
            var ends = flag.Length == 0 || EndsName.Contains(flag) || EndsName.Contains(flag[..1]) && flag != "vn";
            // Shop names are often made of verbs and adverbs (立新, 常来): a name needs two characters, so a
            // verb right before the kind word is taken as part of it; further left it ends the name.
            if (ends && (keep >= 2 || flag is not ("v" or "vg" or "a" or "d"))) break;
            keep += words[i].Word.Length;
            if (ends) break;
        }
        return run[^keep..];
    }

    private static readonly HashSet<string> EndsName = new(StringComparer.Ordinal)
    {
        "v", "vd", "vg", "p", "d", "dg", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "r", "rr", "rz", "y", "e", "o",
        "t", "tg", "zg", "z",
    };

    // A township or town at a name's front (茶场村 of 西湖街道茶场村), and a road before a compound (劳动东路魅力之城).
    [GeneratedRegex(@"^[\u4e00-\u9fa5]{2,4}?(?:街道|镇|乡)")]
    private static partial Regex Township();

    [GeneratedRegex(@"^[\u4e00-\u9fa5]{1,5}?(?:大道|[东南西北中]?路|街)(?:[0-9]+号)?")]
    private static partial Regex RoadFront();

    [GeneratedRegex("(?:路|街|大道|巷)$")]
    private static partial Regex RoadEnd();

    // A count before a name (一栋, 两家, 11所) says how many, not which.
    [GeneratedRegex(@"^[一二三四五六七八九十几两0-9]+[栋名个家所座条位户间]")]
    private static partial Regex Counted();

    // Words that fill a name's slot without naming anything: 老旧小区, 周边小区, 商住楼盘, 私立学校.
    private static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "老旧", "周边", "商住", "私立", "公立", "民办", "公办", "小型", "大型", "新建", "在建", "所在", "整个", "其他", "其它",
        "同一", "相关", "所有", "部分", "不少", "很多", "好几", "几个", "一些", "全市", "全县", "全区", "市区", "城区", "农村",
        "乡下", "当地", "本地", "外地", "这边", "那边", "里面", "外面", "上面", "下面", "前面", "后面", "马路", "道路", "公路",
        "街道", "小区", "中国", "国有", "物业管理", "房地产", "开发", "施工", "建筑", "装修", "培训", "教育", "电信", "移动",
        "联通", "供电", "供水", "燃气", "热力", "自来水", "安置", "改造", "维修", "连锁", "外围", "附近", "集团化", "分公司", "群租", "经营",
    };
}

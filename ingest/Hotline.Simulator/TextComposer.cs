namespace Hotline.Simulator;

/// <summary>Per-ticket slot values; fixed ones (an incident's compound or restaurant) win over drawn ones.</summary>
public sealed class Slots
{
    // A ticket fills a handful of slots: a linear scan over two short arrays beats a dictionary and allocates less.
    private string[] _names = new string[4];
    private string[] _values = new string[4];
    private int _count;

    public Slots Set(string name, string value)
    {
        for (var i = 0; i < _count; i++)
            if (string.Equals(_names[i], name, StringComparison.Ordinal)) { _values[i] = value; return this; }
        if (_count == _names.Length)
        {
            Array.Resize(ref _names, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }
        _names[_count] = name;
        _values[_count++] = value;
        return this;
    }

    public bool TryGet(string name, out string value)
    {
        for (var i = 0; i < _count; i++)
            if (string.Equals(_names[i], name, StringComparison.Ordinal)) { value = _values[i]; return true; }
        value = null!;
        return false;
    }

    /// <summary>A copy for one ticket, so values drawn for it do not leak into the next ticket.</summary>
    public Slots Clone() =>
        new() { _names = (string[])_names.Clone(), _values = (string[])_values.Clone(), _count = _count };
}

/// <summary>
/// Builds a ticket's title and content from the phrase bank: opener, place, the problem in one of many
/// voices, details, demand and closer, with slot filling and the noise real tickets carry (call-taker typos,
/// missing punctuation, colloquial fillers, a second unrelated problem, very short tickets). Some texts carry
/// a phone number or surname, as real ones do, so privacy masking downstream has something to catch.
/// </summary>
public sealed class TextComposer(PhraseBank bank, PlaceModel places)
{
    private static readonly string[] Operators = ["移动", "联通", "电信"];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱",
        "胡", "郭"];
    private static readonly string[] PlaceIntros =
    [
        "我是{county}{township}{compound}的居民，", "我家住在{county}{township}{compound}，", "我住{township}{compound}，",
        "{county}{township}{road}附近，", "在{township}{road}这块，", "{county}{township}，", "我们{compound}这边，",
        "我是{county}的，住{compound}，", "",
    ];

    // One content builder and one fill builder per generating thread: a ticket's text is assembled in place and
    // becomes a string once, instead of a string per phrase (the simulator's throughput is bounded by allocation).
    [ThreadStatic] private static StringBuilder? _content;
    [ThreadStatic] private static StringBuilder? _fill;

    public (string Title, string Content) Compose(string section, Place? place, Slots slots, string channel,
        SimRandom rng)
    {
        var problems = bank.Get(section, "problem");
        var problem = Fill(problems.Length > 0 ? rng.Pick(problems) : section, place, slots, rng);
        var sb = _content ??= new StringBuilder(512);
        sb.Clear();
        var shortTicket = rng.Chance(0.18);
        var spoken = channel == "phone";
        if (!shortTicket && rng.Chance(0.8)) Append(sb, Pool("_shared", "opener", rng), place, slots, rng, spoken);
        if (!shortTicket && place is not null && rng.Chance(0.55)) Append(sb, rng.Pick(PlaceIntros), place, slots, rng,
            spoken);
        AppendSentence(sb, problem);
        if (!shortTicket && rng.Chance(0.6)) Append(sb, Pool(section, "detail", rng), place, slots, rng, spoken);
        if (rng.Chance(0.08)) Append(sb, Pool("_second", "problem", rng), place, slots, rng, spoken);
        if (!shortTicket && rng.Chance(0.7)) Append(sb, Pool(section, "demand", rng), place, slots, rng, spoken);
        if (rng.Chance(0.02)) sb.Append("我的电话是1").Append(rng.Int(3, 10)).Append(rng.Digits(9)).Append('，');
        if (rng.Chance(0.02)) sb.Append("我姓").Append(rng.Pick(Surnames)).Append('，');
        if (!shortTicket && rng.Chance(0.5)) Append(sb, Pool("_shared", "closer", rng), place, slots, rng, spoken);
        while (sb.Length > 0 && sb[^1] is '，' or ' ') sb.Length--;
        Noise(sb, rng);
        if (sb.Length > 0 && !"。！？!?".Contains(sb[^1]) && rng.Chance(0.7)) sb.Append('。');
        var content = sb.ToString();

        var titles = bank.Get(section, "title");
        var title = titles.Length > 0 && rng.Chance(0.78)
            ? Fill(rng.Pick(titles), place, slots, rng)
            : Headline(problem);
        return (title, content);
    }

    /// <summary>
    /// The operator a telecom ticket names (slot filled on first use), so routing truth can follow the text.
    /// </summary>
    public static string Operator(Slots slots, SimRandom rng)
    {
        if (!slots.TryGet("operator", out var op)) slots.Set("operator", op = rng.Pick(Operators));
        return op;
    }

    private string Pool(string section, string key, SimRandom rng)
    {
        var pool = bank.Get(section, key);
        return pool.Length == 0 ? "" : rng.Pick(pool);
    }

    private void Append(StringBuilder sb, string template, Place? place, Slots slots, SimRandom rng, bool spoken)
    {
        if (template.Length == 0) return;
        if (spoken && rng.Chance(0.15)) sb.Append(Pool("_shared", "filler", rng)).Append('，');
        var before = sb.Length;
        FillInto(sb, template, place, slots, rng);
        if (sb.Length > before && !SentenceEnds.Contains(sb[^1])) sb.Append('，');
    }

    private const string SentenceEnds = "，。！？,.!?；：:";

    private static void AppendSentence(StringBuilder sb, string text)
    {
        if (text.Length == 0) return;
        sb.Append(text);
        if (!SentenceEnds.Contains(text[^1])) sb.Append('，');
    }

    private static readonly System.Buffers.SearchValues<char> HeadlineStops =
        System.Buffers.SearchValues.Create("，。！？,");

    private static string Headline(string problem)
    {
        var cut = problem.AsSpan().IndexOfAny(HeadlineStops);
        var head = cut is > 4 and <= 24 ? problem[..cut] : problem[..Math.Min(problem.Length, 16)];
        return head.Trim();
    }

    public string Fill(string template, Place? place, Slots slots, SimRandom rng)
    {
        if (template.IndexOf('{') < 0) return template;
        var sb = _fill ??= new StringBuilder(256);
        sb.Clear();
        FillInto(sb, template, place, slots, rng);
        return sb.ToString();
    }

    private void FillInto(StringBuilder sb, string template, Place? place, Slots slots, SimRandom rng)
    {
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0) { sb.Append(template, i, template.Length - i); break; }
            var close = template.IndexOf('}', open);
            if (close < 0) { sb.Append(template, i, template.Length - i); break; }
            sb.Append(template, i, open - i);
            sb.Append(SlotValue(SlotName(template, open + 1, close), place, slots, rng));
            i = close + 1;
        }
    }

    /// <summary>
    /// The slot names the phrase bank uses, interned once, so filling a template allocates no name strings.
    /// </summary>
    private static readonly string[] KnownSlots =
        ["county", "township", "compound", "road", "place", "shop", "company", "site", "school", "hospital", "hour",
            "days", "months", "amount", "num", "operator", "plate", "date"];

    private static string SlotName(string template, int start, int end)
    {
        var span = template.AsSpan(start, end - start);
        foreach (var k in KnownSlots)
            if (span.SequenceEqual(k)) return k;
        return span.ToString();
    }

    /// <summary>
    /// A slot's value for this ticket: the one its text used, else a new draw that later text will reuse.
    /// </summary>
    public string Slot(string name, Place? place, Slots slots, SimRandom rng) => SlotValue(name, place, slots, rng);

    private string SlotValue(string name, Place? place, Slots slots, SimRandom rng)
    {
        if (slots.TryGet(name, out var fixedValue)) return fixedValue;
        string value = name switch
        {
            "county" => place is null ? "" : ShortCounty(place.County.Name),
            "township" => place?.Township.Name ?? "",
            "compound" => place?.Compound ?? places.CompoundName(rng),
            "road" => place?.Road ?? places.Pool("road", rng, "沂蒙路"),
            "place" => place is null ? "这边" : PlacePhrase(place, rng),
            "shop" => places.Pool("shop_prefix", rng, "老王") + places.Pool("shop_suffix", rng, "烧烤"),
            "company" => places.Pool("company_prefix", rng, "临沂鑫达") + places.Pool("company_suffix", rng, "商贸有限公司"),
            "site" => (place?.Compound ?? places.CompoundName(rng)) + places.Pool("site_suffix", rng, "项目工地"),
            "school" => places.Pool("school", rng, "临沂第一实验小学"),
            "hospital" => places.Pool("hospital", rng, "临沂市人民医院"),
            "hour" => rng.Pick(new[] { 21, 22, 23, 0, 1, 5, 6, 12, 19, 20 })
                .ToString(System.Globalization.CultureInfo.InvariantCulture),
            "days" => rng.Pick(new[] { 2, 3, 5, 7, 10, 15, 20, 30 })
                .ToString(System.Globalization.CultureInfo.InvariantCulture),
            "months" => rng.Int(1, 13).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "amount" => (rng.Int(2, 400) * 100 + (rng.Chance(0.3) ? rng.Int(0, 100) : 0))
                .ToString(System.Globalization.CultureInfo.InvariantCulture),
            "num" => rng.Int(2, 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "operator" => Operator(slots, rng),
            "plate" => "鲁Q·" + (char)('A' + rng.Int(0, 20)) + rng.Digits(4),
            "date" => $"{rng.Int(1, 13)}月{rng.Int(1, 29)}日",
            _ => "",
        };
        slots.Set(name, value);
        return value;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> ShortNames =
        new(StringComparer.Ordinal);

    /// <summary>How callers name a county (兰山 for 兰山区); cached, as every ticket asks for one of a dozen.</summary>
    public static string ShortCounty(string name) => ShortNames.GetOrAdd(name, ShortCountyOf);

    private static string ShortCountyOf(string name) => name switch
    {
        _ when name.Contains("高新", StringComparison.Ordinal) => "高新区",
        _ when name.Length > 2 && (name.EndsWith('区') || name.EndsWith('县')) => name[..^1],
        _ => name,
    };

    private static string PlacePhrase(Place p, SimRandom rng) => rng.Int(4) switch
    {
        0 => $"{p.County.Name}{p.Township.Name}{p.Compound}",
        1 => $"{ShortCounty(p.County.Name)}{p.Township.Name}{p.Road}",
        2 => $"{p.Township.Name}{p.Compound}",
        _ => $"{p.County.Name}{p.Road}{p.Compound}附近",
    };

    /// <summary>Call-taker and typing noise: homophone typos, dropped punctuation.</summary>
    private void Noise(StringBuilder sb, SimRandom rng)
    {
        if (rng.Chance(0.15))
        {
            var typos = bank.Get("_shared", "typo");
            for (var k = 0; k < 2 && typos.Length > 0; k++)
            {
                var pair = rng.Pick(typos).Split('>');
                if (pair.Length == 2 && pair[0].Length > 0)
                {
                    var at = sb.ToString().IndexOf(pair[0], StringComparison.Ordinal);
                    if (at >= 0) sb.Remove(at, pair[0].Length).Insert(at, pair[1]);
                }
            }
        }
        if (rng.Chance(0.08)) sb.Replace('，', ' ').Replace('。', ' ');
    }
}

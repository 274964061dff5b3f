namespace Hotline.Ingest.Import;

/// <summary>
/// Unit names as exports write them, brought to one form: full-width characters and spaces removed, brackets
/// normalised, 人民政府 and 政府 treated alike. Two spellings of one unit then compare equal; kinds are guessed from
/// the name's ending, the way a dispatcher reads it.
/// </summary>
public static class UnitNames
{
    public static string Normalise(string name)
    {
        var s = name.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
            if (!char.IsWhiteSpace(c) && c is not ('"' or '“' or '”' or '\'')) sb.Append(c);
        return sb.ToString().Replace("人民政府", "政府", StringComparison.Ordinal).Trim('。', '，', ',', '.', '、');
    }

    private static readonly string[] EmergencyWords = ["110", "119", "120", "122", "消防救援", "急救中心", "急救指挥"];

    private static readonly string[] UtilityWords =
    [
        "供电", "电力", "燃气", "天然气", "水务", "自来水", "供水", "热力", "供热", "移动", "联通", "电信", "铁塔", "广电网络",
        "Water", "Power", "Gas",
    ];

    /// <summary>
    /// The unit kind a name implies: county_government, township_office, city_department, county_department,
    /// utility, company, or other. <paramref name="areaLevel"/> is the level of the division the name starts with
    /// (county, township, city) when it names one.
    /// </summary>
    public static string GuessKind(string name, string? areaLevel)
    {
        var n = Normalise(name);
        areaLevel ??= CountyPrefixOf(n) is not null ? "county" : null;
        if (EmergencyWords.Any(w => n.Contains(w, StringComparison.Ordinal))) return "emergency_service";
        if (UtilityWords.Any(w => n.Contains(w, StringComparison.OrdinalIgnoreCase))) return "utility";
        if (n.Contains("公司", StringComparison.Ordinal) || n.Contains("集团", StringComparison.Ordinal)) return "company";
        if (n.EndsWith("街道办事处", StringComparison.Ordinal) || n.EndsWith("街道办", StringComparison.Ordinal)
            || n.EndsWith("街道", StringComparison.Ordinal) || n.EndsWith("镇政府", StringComparison.Ordinal)
            || n.EndsWith("乡政府", StringComparison.Ordinal) || areaLevel == "township")
            return "township_office";
        var government = n.EndsWith("政府", StringComparison.Ordinal) || n.EndsWith("管委会", StringComparison.Ordinal);
        if (government && areaLevel == "county") return "county_government";
        if (areaLevel == "county") return "county_department";
        if (government && areaLevel is "city" or "province") return "city_government";
        if (areaLevel is "city" or "province" || n.StartsWith('市')) return "city_department";
        return n.EndsWith('局') || n.EndsWith('委') || n.EndsWith('办') || n.EndsWith("中心", StringComparison.Ordinal)
            || n.EndsWith('厅') || n.EndsWith("Department", StringComparison.OrdinalIgnoreCase)
            ? "city_department" : "other";
    }

    private static readonly System.Text.RegularExpressions.Regex CountyPrefix = new(
        @"^(?:[^市]{1,6}市)?(?<county>[^市区县旗]{1,6}(?:自治县|区|县|旗))(?!域|内|外)",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// The county-level place a unit name starts with (A7县教育局 → A7县, 某市商州区人民政府 → 商州区), for cities whose
    /// divisions are not in the national table (anonymised sets, new districts); null when there is none.
    /// </summary>
    public static string? CountyPrefixOf(string name)
    {
        var m = CountyPrefix.Match(Normalise(name));
        return m.Success ? m.Groups["county"].Value : null;
    }

    /// <summary>Levenshtein distance, bounded: stops counting past <paramref name="max"/>.</summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var best = cur[0];
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                best = Math.Min(best, cur[j]);
            }
            if (best > max) return max + 1;
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}

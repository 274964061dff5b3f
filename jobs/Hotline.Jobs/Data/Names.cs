namespace Hotline.Jobs.Data;

/// <summary>Display names for codes in reports (category, area, unit), with the code itself as the fallback.</summary>
public sealed class Names(ReferenceData reference)
{
    private readonly Dictionary<string, Category> _categories = reference.Categories.ToDictionary(c => c.Code);
    private readonly Dictionary<string, Area> _areas = reference.Areas.ToDictionary(a => a.Code);
    private readonly Dictionary<string, Unit> _units = reference.Units.ToDictionary(u => u.UnitId);

    public ReferenceData Reference => reference;
    /// <summary>The whole area as reports name it: 全市, or 全省 for a province (<see cref="CityInfo.Scope"/>).</summary>
    public string Scope { get; set; } = "全市";
    public string Category(string? code) => code is null ? "未分类" : _categories.TryGetValue(code, out var c) ? c.Name
        : code;
    public string Group(string? code) => code is not null && _categories.TryGetValue(code, out var c) ? c.Level1 : "其他";
    public string? Season(string? code) => code is not null && _categories.TryGetValue(code, out var c)
        && c.Season is { Length: > 0 } s && s != "none" ? s : null;
    /// <summary>Every division's name (counties, townships), for reading names out of a text.</summary>
    public IEnumerable<string> AreaNames => _areas.Values.Select(a => a.Name);

    public string Area(string? code) => code is null ? "未知区域" : _areas.TryGetValue(code, out var a) ? a.Name : code;
    public string Unit(string? id) => id is null ? "（未派单）" : _units.TryGetValue(id, out var u) ? u.Name : id;
    public string UnitKind(string? id) => id is not null && _units.TryGetValue(id, out var u) ? u.Kind : "";

    private readonly UnitDirectory _directory = ReferenceEquals(reference, ReferenceData.Default)
        ? UnitDirectory.Default : new UnitDirectory(reference);

    /// <summary>
    /// The lead unit the category's routing rule names at a place (建议牵头单位), by name; null when the rule names none
    /// there or the city's categories carry no rule (an imported city).
    /// </summary>
    public string? LocalLead(string? category, string? county, string? township)
    {
        if (category is null || !_categories.TryGetValue(category, out var c) || c.Lead.Length == 0) return null;
        try
        {
            return _directory.Resolve(c.Lead, county, township) is { } id && _units.TryGetValue(id, out var u)
                ? u.Name : null;
        }
        catch (ArgumentException)
        {
            return null; // a rule this city's data does not use
        }
    }

    /// <summary>
    /// For a matter taken up city-wide: the lead department (the city's counterpart of a county department) and the
    /// co-units of the category's routing rules, by name.
    /// </summary>
    public (string? Lead, IReadOnlyList<string> CoUnits) CityLead(string category)
    {
        if (!_categories.TryGetValue(category, out var c)) return (null, []);
        var co = c.Assist.Select(CityLevel).OfType<string>().Distinct().ToList();
        return (CityLevel(c.Lead), co);
    }

    private string? CityLevel(string rule)
    {
        var (kind, arg) = rule.IndexOf(':') is var i and >= 0 ? (rule[..i], rule[(i + 1)..]) : (rule, "");
        string? Named(string id) => _units.TryGetValue(id, out var u) ? u.Name : null;
        return kind switch
        {
            "city" or "county_dept" => Named($"C-{arg}"),
            "external" => Named($"E-{arg}"),
            "county" => "各县区人民政府",
            "township" => "属地乡镇（街道）",
            "utility" => arg switch
            {
                "water" => "各供水企业",
                "gas" => "各燃气企业",
                "heating" => "各供热企业",
                "power" => "供电公司",
                _ => "相关公用事业企业",
            },
            _ => null,
        };
    }

    /// <summary>
    /// The site part of an address prefix (水韵花园 from 兰山区银雀山街道水韵花园): county and township names removed.
    /// </summary>
    public string? ShortSite(string? site, string? district, string? township)
    {
        if (string.IsNullOrEmpty(site)) return null;
        var s = site;
        foreach (var name in new[] { Area(district), Area(township) })
            if (s.StartsWith(name, StringComparison.Ordinal)) s = s[name.Length..];
        return s.Length == 0 ? null : s;
    }
}

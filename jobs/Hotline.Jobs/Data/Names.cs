namespace Hotline.Jobs.Data;

/// <summary>Display names for codes in reports (category, area, unit), with the code itself as the fallback.</summary>
public sealed class Names(ReferenceData reference)
{
    private readonly Dictionary<string, Category> _categories = reference.Categories.ToDictionary(c => c.Code);
    private readonly Dictionary<string, Area> _areas = reference.Areas.ToDictionary(a => a.Code);
    private readonly Dictionary<string, Unit> _units = reference.Units.ToDictionary(u => u.UnitId);

    public ReferenceData Reference => reference;
    public string Category(string? code) => code is null ? "未分类" : _categories.TryGetValue(code, out var c) ? c.Name
        : code;
    public string Group(string? code) => code is not null && _categories.TryGetValue(code, out var c) ? c.Level1 : "其他";
    public string? Season(string? code) => code is not null && _categories.TryGetValue(code, out var c)
        && c.Season is { Length: > 0 } s && s != "none" ? s : null;
    public string Area(string? code) => code is null ? "未知区域" : _areas.TryGetValue(code, out var a) ? a.Name : code;
    public string Unit(string? id) => id is null ? "（未派单）" : _units.TryGetValue(id, out var u) ? u.Name : id;
    public string UnitKind(string? id) => id is not null && _units.TryGetValue(id, out var u) ? u.Kind : "";

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

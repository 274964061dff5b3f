namespace Hotline.Models.CityRouting;

/// <summary>
/// A unit name taken apart into its place and its function: 商州区教育局 is (商州区, 教育局), 商洛市教育局 is (city,
/// 教育局), 大赵峪街道办事处 is (大赵峪街道, 乡镇街道). The function is shared by every county's unit of that kind, so a
/// letter about a school in a county whose 教育局 never answered before still finds it: the text says 教育局, the
/// place says which one.
/// </summary>
public sealed class UnitParts
{
    private readonly Dictionary<string, (string? Area, string Function)> _parts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _countyOf;

    public UnitParts(ReferenceData reference)
    {
        var areas = reference.Areas.ToDictionary(a => a.Code, StringComparer.Ordinal);
        _countyOf = reference.Areas.ToDictionary(a => a.Code,
            a => a.Level == "township" ? a.ParentCode : a.Level == "county" ? a.Code : null, StringComparer.Ordinal);
        var cityNames = reference.Areas.Where(a => a.Level is "city" or "province")
            .SelectMany(a => new[] { a.Name, Hotline.Ingest.Import.Divisions.ShortName(a.Name) }).OfType<string>()
            .Where(n => n != "市辖区").OrderByDescending(n => n.Length).ToList();
        foreach (var u in reference.Units)
        {
            var name = Hotline.Ingest.Import.UnitNames.Normalise(u.Name);
            var area = u.AreaCode is { } c && areas.TryGetValue(c, out var a) && a.Level is "county" or "township"
                ? a : null;
            var function = u.Kind switch
            {
                "township_office" => "乡镇街道",
                "county_government" => "县区政府",
                _ => Strip(name, area, cityNames),
            };
            _parts[u.UnitId] = (area?.Code, function);
        }
    }

    private static string Strip(string name, Area? area, List<string> cityNames)
    {
        var s = name;
        foreach (var c in cityNames)
            if (s.StartsWith(c, StringComparison.Ordinal) && s.Length > c.Length + 1) { s = s[c.Length..]; break; }
        if (area is not null)
            foreach (var n in new[] { area.Name, Hotline.Ingest.Import.Divisions.ShortName(area.Name) }
                .OfType<string>())
            {
                var at = s.IndexOf(n, StringComparison.Ordinal);
                if (at >= 0 && s.Length > n.Length + 1) { s = s.Remove(at, n.Length); break; }
            }
        s = s.TrimStart('市', '区', '县');
        return s.Length == 0 ? name : s;
    }

    public string Function(string unit) => _parts.TryGetValue(unit, out var p) ? p.Function : unit;
    public string? Area(string unit) => _parts.TryGetValue(unit, out var p) ? p.Area : null;
    public IEnumerable<string> Units => _parts.Keys;

    /// <summary>The county of an area (a township's parent; a county itself).</summary>
    public string? County(string? area) => area is null ? null : _countyOf.GetValueOrDefault(area);
}

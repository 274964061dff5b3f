namespace Hotline.Ingest.Import;

/// <summary>
/// A city's division names as its people write them: full names (商州区, 大赵峪街道) and, for counties, the short
/// form without the level suffix (商州). A township name counts only with its county when several counties have
/// one of that name.
/// </summary>
public sealed class PlaceNames
{
    private readonly Dictionary<string, List<Division>> _counties = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Division>> _townships = new(StringComparer.Ordinal);
    private readonly List<(string Name, Division D)> _cities = [];

    public PlaceNames(IEnumerable<Division> divisions)
    {
        foreach (var d in divisions)
        {
            var target = d.Level switch { "county" => _counties, "township" => _townships, _ => null };
            if (target is null)
            {
                if (d.Level is "city" or "province" && d.Name != "市辖区")
                {
                    _cities.Add((d.Name, d));
                    if (Divisions.ShortName(d.Name) is { } s) _cities.Add((s, d));
                }
                continue;
            }
            Add(target, d.Name, d);
            if (d.Level == "county" && Divisions.ShortName(d.Name) is { } shortName) Add(target, shortName, d);
        }
    }

    /// <summary>The names of a profile's areas (the router reads places from the warehouse, not the national
    /// table).</summary>
    public static PlaceNames FromAreas(IEnumerable<Area> areas) =>
        new(areas.Select(a => new Division(a.Code, a.Name, a.Level, a.ParentCode)));

    /// <summary>
    /// Every spelling that names exactly one county or township (township names of three characters or more:
    /// shorter ones are ordinary words), for finding places in a ticket's text.
    /// </summary>
    public IEnumerable<(string Name, string Code)> Spellings() =>
        _counties.Where(kv => kv.Value.Count == 1 && kv.Key.Length >= 2).Select(kv => (kv.Key, kv.Value[0].Code))
            .Concat(_townships.Where(kv => kv.Value.Count == 1 && kv.Key.Length >= 3)
                .Select(kv => (kv.Key, kv.Value[0].Code)));

    private static void Add(Dictionary<string, List<Division>> map, string name, Division d)
    {
        if (!map.TryGetValue(name, out var list)) map[name] = list = [];
        if (!list.Contains(d)) list.Add(d);
    }

    public string? County(string name) =>
        _counties.TryGetValue(name.Trim(), out var l) && l.Count == 1 ? l[0].Code : null;

    public string? Township(string name, string? county)
    {
        if (!_townships.TryGetValue(name.Trim(), out var l)) return null;
        if (county is not null) l = l.Where(d => d.ParentCode == county).ToList();
        return l.Count == 1 ? l[0].Code : null;
    }

    /// <summary>
    /// The most specific division a unit's name names: a township (with its county when the township name is
    /// shared), else a county, else the city itself; null when it names none (市住建局).
    /// </summary>
    public string? InName(string unitName)
    {
        string? county = null;
        var best = 0;
        foreach (var (name, list) in _counties)
            if (name.Length > best && list.Count == 1 && unitName.Contains(name, StringComparison.Ordinal))
                (county, best) = (list[0].Code, name.Length);
        string? township = null;
        best = 0;
        foreach (var (name, list) in _townships)
        {
            if (name.Length <= best || name.Length < 3 || !unitName.Contains(name, StringComparison.Ordinal)) continue;
            var candidates = county is null ? list : list.Where(d => d.ParentCode == county).ToList();
            if (candidates.Count == 1) (township, best) = (candidates[0].Code, name.Length);
        }
        if (township is not null) return township;
        if (county is not null) return county;
        return _cities.Where(c => unitName.StartsWith(c.Name, StringComparison.Ordinal))
            .OrderByDescending(c => c.D.Code.Length).Select(c => c.D.Code).FirstOrDefault();
    }
}

namespace Hotline.Ingest.Reference;

/// <summary>
/// Resolves a category's routing rule (Reference/README.md: city:, county_dept:, county, township, utility:,
/// external:, none) at a place to a concrete handling unit. Used by the simulator for ground truth and by the
/// router for the territorial fallback (G12: only the place is known → the territorial government).
/// </summary>
public sealed class UnitDirectory
{
    private readonly Dictionary<string, Unit> _byId;
    private readonly Dictionary<string, Area> _areas;
    private readonly Dictionary<(string Utility, string County), List<Unit>> _utilities = [];

    public UnitDirectory(ReferenceData reference)
    {
        _byId = reference.Units.ToDictionary(u => u.UnitId);
        _areas = reference.Areas.ToDictionary(a => a.Code);
        foreach (var u in reference.Units.Where(u => u.Kind == "utility" && u.Utility is not null))
            foreach (var county in u.ServiceAreas)
            {
                if (!_utilities.TryGetValue((u.Utility!, county), out var list)) _utilities[(u.Utility!,
                    county)] = list = [];
                list.Add(u);
            }
    }

    public static UnitDirectory Default { get; } = new(ReferenceData.Default);

    public Unit? Find(string unitId) => _byId.GetValueOrDefault(unitId);
    public Area? Area(string code) => _areas.GetValueOrDefault(code);
    public IReadOnlyCollection<Unit> Units => _byId.Values;

    /// <summary>County code of a township or county code; null for unknown or city level.</summary>
    public string? CountyOf(string? areaCode)
    {
        if (areaCode is null || !_areas.TryGetValue(areaCode, out var a)) return null;
        return a.Level switch { "county" => a.Code, "township" => a.ParentCode, _ => null };
    }

    /// <summary>Units of one utility kind serving a county (several for telecom: one per operator).</summary>
    public IReadOnlyList<Unit> UtilitiesFor(string utility, string county) =>
        _utilities.TryGetValue((utility, county), out var list) ? list : [];

    /// <summary>
    /// The unit a rule names at a place; <paramref name="pick"/> chooses among several candidates (telecom
    /// operators). Returns null for `none` or when the place lacks the level the rule needs.
    /// </summary>
    public string? Resolve(string rule, string? county, string? township, Func<IReadOnlyList<Unit>, Unit>? pick = null)
    {
        var (kind, arg) = rule.IndexOf(':') is var i and >= 0 ? (rule[..i], rule[(i + 1)..]) : (rule, "");
        switch (kind)
        {
            case "city": return $"C-{arg}";
            case "external": return $"E-{arg}";
            case "county": return county is null ? null : $"D-{county}";
            case "county_dept": return county is null ? null : $"CD-{arg}-{county}";
            case "township": return township is null ? (county is null ? null : $"D-{county}") : $"T-{township}";
            case "utility":
                if (county is null) return null;
                var candidates = UtilitiesFor(arg, county);
                if (candidates.Count == 0) return null;
                return (candidates.Count == 1 || pick is null ? candidates[0] : pick(candidates)).UnitId;
            case "none": return null;
            default: throw new ArgumentException($"unknown routing rule '{rule}'");
        }
    }
}

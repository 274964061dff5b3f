namespace Hotline.Models.CityRouting;

/// <summary>
/// The places a ticket's words name, in an imported city (the spellings of <see
/// cref="Hotline.Ingest.Import.PlaceNames"/>, the same the importer matches district columns with), each with the
/// territorial unit that governs it (G12: a matter known only by its place goes to that place's government).
/// </summary>
public sealed class NamedPlaces
{
    private readonly (string Name, string Code)[] _names;
    private readonly Dictionary<string, string> _parent;
    private readonly Dictionary<string, string> _territorial;

    public NamedPlaces(ReferenceData reference)
    {
        var names = Hotline.Ingest.Import.PlaceNames.FromAreas(reference.Areas).Spellings();
        _names = names.OrderByDescending(n => n.Name.Length).ThenBy(n => n.Code, StringComparer.Ordinal).ToArray();
        _parent = reference.Areas.Where(a => a.ParentCode is not null).ToDictionary(a => a.Code, a => a.ParentCode!);
        // The governing unit of an area: its county government or township office, by the unit's own name.
        _territorial = reference.Units
            .Where(u => u.AreaCode is not null && u.Kind is "county_government" or "township_office")
            .GroupBy(u => u.AreaCode!).ToDictionary(g => g.Key,
                g => g.OrderBy(u => u.Name.Length).ThenBy(u => u.UnitId, StringComparer.Ordinal).First().UnitId);
    }

    /// <summary>Area codes named in the text, most specific first; a name inside a longer one counts once.</summary>
    public IReadOnlyList<string> Find(string text)
    {
        var found = new List<string>();
        var used = new bool[text.Length];
        foreach (var (name, code) in _names)
        {
            var at = 0;
            while ((at = text.IndexOf(name, at, StringComparison.Ordinal)) >= 0)
            {
                if (!used.AsSpan(at, name.Length).Contains(true))
                {
                    used.AsSpan(at, name.Length).Fill(true);
                    if (!found.Contains(code)) found.Add(code);
                }
                at += name.Length;
            }
        }
        return found;
    }

    /// <summary>The one place the text names (a township with its county counts as one), else null.</summary>
    public string? Single(IReadOnlyList<string> places)
    {
        if (places.Count == 1) return places[0];
        var townships = places.Where(p => _parent.TryGetValue(p, out var parent) && places.Contains(parent)).ToList();
        return townships.Count == 1 && places.Count == 2 ? townships[0] : null;
    }

    /// <summary>The area's own government, else (a township without an office in the profile) its county's.</summary>
    public string? TerritorialUnit(string area) => _territorial.GetValueOrDefault(area)
        ?? (_parent.TryGetValue(area, out var p) ? _territorial.GetValueOrDefault(p) : null);
}

using System.Security.Cryptography;

namespace Hotline.Ingest.Import;

/// <summary>
/// Builds a city's profile from its own history: the unit directory (spellings merged through the mapping's
/// aliases, a normalised form and, for long names, one edit apart; kinds guessed from names and overridable),
/// its areas (for a Chinese city its real divisions from the national table; otherwise the places its export
/// names), which area each unit serves (the division its name starts with, else where its cases are) and
/// categories from the export's own type column. Ids are hashes of names, so a second import of the same
/// city finds the same ids.
/// </summary>
public sealed class ProfileBuilder(ImportMapping mapping)
{
    private readonly Dictionary<string, Dictionary<string, int>> _spellings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, int>> _unitDistricts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _districts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _townships = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _departments = new(StringComparer.Ordinal);
    private Dictionary<string, string>? _aliases;
    private HashSet<string>? _counties;

    /// <summary>Counts one mapped row's names.</summary>
    public void Add(MappedRow row)
    {
        foreach (var (name, lead) in row.Assist.Select(a => (a, false)).Prepend((row.Unit!, true)))
        {
            if (string.IsNullOrWhiteSpace(name)) continue;
            var key = Canonical(name);
            if (!_spellings.TryGetValue(key, out var s)) _spellings[key] = s = new(StringComparer.Ordinal);
            s[name.Trim()] = s.GetValueOrDefault(name.Trim()) + 1;
            if (lead && row.Department is { } dept) _departments.TryAdd(key, dept);
            if (lead && row.District is { } d)
            {
                if (!_unitDistricts.TryGetValue(key, out var ud))
                    _unitDistricts[key] = ud = new(StringComparer.Ordinal);
                ud[d] = ud.GetValueOrDefault(d) + 1;
            }
        }
        if (row.District is { } district) _districts[district] = _districts.GetValueOrDefault(district) + 1;
        if (row.Township is { } township)
        {
            var key = (row.District ?? "") + "|" + township;
            _townships[key] = _townships.GetValueOrDefault(key) + 1;
        }
        if (row.Type is { } type) _types[type] = _types.GetValueOrDefault(type) + 1;
    }

    public int UnitCount => _spellings.Count;

    /// <summary>The normalised name after the mapping's aliases (alias file included).</summary>
    private string Canonical(string name)
    {
        _aliases ??= LoadAliases();
        var n = UnitNames.Normalise(name);
        if (_aliases.TryGetValue(n, out var to)) return to;
        // A reply signed only with a county's name (瓦房店市) is that county's government (瓦房店市人民政府).
        _counties ??= mapping.City.DivisionCode is { } code
            ? Divisions.Under(code).Where(d => d.Level == "county").Select(d => d.Name)
                .ToHashSet(StringComparer.Ordinal)
            : [];
        return _counties.Contains(n) ? n + "政府" : n;
    }

    private Dictionary<string, string> LoadAliases()
    {
        var a = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (from, to) in mapping.Units.Aliases) a[UnitNames.Normalise(from)] = UnitNames.Normalise(to);
        if (mapping.Units.AliasFile is { } file)
        {
            var path = Path.IsPathRooted(file) ? file : Path.Combine(mapping.Directory ?? ".", file);
            if (!File.Exists(path)) throw new FileNotFoundException($"units.alias_file not found: {path}", path);
            foreach (var row in Csv.CsvLines.Read(new StringReader(File.ReadAllText(path))))
                if (row.TryGetValue("alias", out var from) && row.TryGetValue("name", out var to))
                    a[UnitNames.Normalise(from)] = UnitNames.Normalise(to);
        }
        return a;
    }

    public CityProfile Build(ReferenceData? existing = null)
    {
        var city = CityInfo.From(mapping.City, mapping.Shape);
        var areas = new List<Area>();
        var areaCodes = new Dictionary<string, string>(StringComparer.Ordinal);
        var divisions = city.IsChina && city.DivisionCode is { } division ? Divisions.Under(division) : [];
        foreach (var d in divisions)
            areas.Add(new Area(d.Code, d.Name, d.Level, Divisions.KindOf(d), d.ParentCode, 0, 0, 0));
        var places = new PlaceNames(divisions);
        foreach (var name in _districts.Keys)
            areaCodes[name] = places.County(name) ?? AddLocal(areas, name, "county", null);
        foreach (var key in _townships.Keys)
        {
            var district = key[..key.IndexOf('|')];
            var county = district.Length > 0 ? areaCodes[district] : null;
            var name = key[(key.IndexOf('|') + 1)..];
            areaCodes[key] = places.Township(name, county) ?? AddLocal(areas, name, "township", county);
        }

        var merged = MergeNearNames();
        var levels = areas.ToDictionary(a => a.Code, a => a.Level, StringComparer.Ordinal);
        // Without the city's divisions (an anonymised set, a city outside the table) the county-level places its
        // unit names start with are its areas: enough to link 某县 in a letter to 某县人民政府.
        var localCounties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (divisions.Count == 0)
            foreach (var name in merged.Keys.Select(UnitNames.CountyPrefixOf).OfType<string>().Distinct().Order(
                StringComparer.Ordinal))
            {
                localCounties[name] = areaCodes.GetValueOrDefault(name) ?? AddLocal(areas, name, "county", null);
                levels[localCounties[name]] = "county";
            }
        var units = new List<Unit>();
        var unitIds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, group) in merged.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var display = group.SelectMany(k => _spellings[k]).GroupBy(kv => kv.Key)
                .Select(g => (Name: g.Key, Count: g.Sum(x => x.Value)))
                // An alias's target names its group; otherwise the most frequent spelling does.
                .OrderByDescending(x => UnitNames.Normalise(x.Name) == key).ThenByDescending(x => x.Count)
                .ThenBy(x => x.Name, StringComparer.Ordinal).First().Name;
            var id = "U" + Hash(key);
            var area = places.InName(key)
                ?? (UnitNames.CountyPrefixOf(key) is { } prefix ? localCounties.GetValueOrDefault(prefix) : null);
            var kind = mapping.Units.Kinds.GetValueOrDefault(display)
                ?? mapping.Units.Kinds.GetValueOrDefault(key)
                ?? UnitNames.GuessKind(key, area is null ? null : levels[area]);
            // A 311 queue or department: the city's own service, whatever its name says.
            if (!city.IsChina && kind == "other") kind = "city_department";
            // Where its cases are: counties holding at least a fifth of the unit's located cases.
            var served = group.SelectMany(k => _unitDistricts.GetValueOrDefault(k) ?? [])
                .GroupBy(kv => areaCodes[kv.Key]).Select(g => (Code: g.Key, Count: g.Sum(x => x.Value))).ToList();
            var total = served.Sum(s => s.Count);
            var serviceAreas = served.Where(s => s.Count * 5 >= total).OrderByDescending(s => s.Count)
                .ThenBy(s => s.Code, StringComparer.Ordinal).Select(s => s.Code).ToList();
            units.Add(new Unit(id, display, kind, area ?? (serviceAreas.Count == 1 ? serviceAreas[0] : null),
                _departments.GetValueOrDefault(key), null, serviceAreas, false));
            // Every spelling seen (an alias included) finds the unit.
            foreach (var k in group)
            {
                unitIds[k] = id;
                foreach (var spelling in _spellings[k].Keys) unitIds[UnitNames.Normalise(spelling)] = id;
            }
        }

        var categories = new List<Category>();
        var categoryCodes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (type, count) in _types.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var code = "T" + Hash(type);
            var parts = type.Split(['/', '>', '|', '｜', '－', '—'], 2, StringSplitOptions.TrimEntries);
            categories.Add(new Category(code, parts[0], parts.Length > 1 ? parts[0] : type, type,
                mapping.Defaults.GetValueOrDefault(MappedField.DeadlineTier) ?? "5wd", "none", [],
                Disposition.Dispatch, null, "none", count));
            categoryCodes[type] = code;
        }

        if (existing is not null) Union(existing, areas, units, categories);
        var holidays = city.IsChina ? ReferenceData.Default.Holidays : [];
        var reference = ReferenceData.FromTables(areas, units, categories, holidays, []);
        return new CityProfile(city, reference, unitIds, areaCodes, categoryCodes);
    }

    /// <summary>Keeps what an earlier import of the same city stored (units of other files, their areas).</summary>
    private static void Union(ReferenceData existing, List<Area> areas, List<Unit> units, List<Category> categories)
    {
        var a = areas.Select(x => x.Code).ToHashSet(StringComparer.Ordinal);
        areas.AddRange(existing.Areas.Where(x => !a.Contains(x.Code)));
        var u = units.Select(x => x.UnitId).ToHashSet(StringComparer.Ordinal);
        units.AddRange(existing.Units.Where(x => !u.Contains(x.UnitId)));
        var c = categories.Select(x => x.Code).ToHashSet(StringComparer.Ordinal);
        categories.AddRange(existing.Categories.Where(x => !c.Contains(x.Code)));
    }

    /// <summary>
    /// Groups normalised names one edit apart (same length, at least 6 characters, the differing characters not
    /// numerals, so 第一中学 and 第二中学 stay two units); the more frequent spelling names the group.
    /// </summary>
    private Dictionary<string, List<string>> MergeNearNames()
    {
        var counts = _spellings.ToDictionary(kv => kv.Key, kv => kv.Value.Values.Sum(), StringComparer.Ordinal);
        var order = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key).ToList();
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var heads = new List<string>();
        foreach (var name in order)
        {
            string? into = null;
            if (mapping.Units.MergeNearNames && name.Length >= 6 && order.Count <= 5000)
                into = heads.FirstOrDefault(h => h.Length == name.Length && OneSafeEdit(h, name));
            if (into is null)
            {
                heads.Add(name);
                groups[name] = [name];
            }
            else groups[into].Add(name);
        }
        return groups;
    }

    private static bool OneSafeEdit(string a, string b)
    {
        var diff = -1;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i]) continue;
            if (diff >= 0) return false;
            diff = i;
        }
        const string numerals = "0123456789一二三四五六七八九十〇零东西南北上下前后";
        return diff >= 0 && !numerals.Contains(a[diff]) && !numerals.Contains(b[diff]);
    }

    private static string AddLocal(List<Area> areas, string name, string level, string? parent)
    {
        var code = "A" + Hash(level + ":" + name)[..10];
        if (areas.All(a => a.Code != code)) areas.Add(new Area(code, name, level, level, parent, 0, 0, 0));
        return code;
    }

    internal static string Hash(string s) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..10];
}

namespace Hotline.Models.Routing;

/// <summary>
/// A handling unit with its place abstracted away: CD-ZJ-371302 (the housing bureau of one county) becomes
/// "CD-ZJ", T-371302001 becomes "T". The router learns which kind of unit handles which matter; the ticket's
/// place then says which unit of that kind it is. This is how a responsibility list works (matter → type of
/// unit) and it lets the router send a ticket to a county it has seen few tickets from.
/// </summary>
public sealed class RouteTemplates(UnitDirectory units)
{
    /// <summary>
    /// Learned from history: for a utility template and a township (or county), the operator that served it.
    /// </summary>
    private readonly Dictionary<(string Template, string Area), Dictionary<string, int>> _utilityByArea = [];

    public static string TemplateOf(string unitId)
    {
        var parts = unitId.Split('-');
        return parts[0] switch
        {
            "D" => "D",
            "T" => "T",
            "CD" when parts.Length >= 3 => $"CD-{parts[1]}",
            "U" when parts.Length >= 3 => $"U-{parts[1]}",
            _ => unitId, // city departments (C-*), emergency services (E-*), the centre
        };
    }

    public void Learn(RoutingExample x)
    {
        if (x.LeadUnit is null) return;
        var template = TemplateOf(x.LeadUnit);
        if (!template.StartsWith("U-", StringComparison.Ordinal)) return;
        foreach (var area in new[] { x.Township, x.District }.OfType<string>())
        {
            if (!_utilityByArea.TryGetValue((template, area), out var counts)) _utilityByArea[(template,
                area)] = counts = [];
            counts[x.LeadUnit] = counts.GetValueOrDefault(x.LeadUnit) + 1;
        }
    }

    /// <summary>The concrete unit for a template at a place; null when the place needed is unknown.</summary>
    public string? Resolve(string template, string? district, string? township)
    {
        district ??= units.CountyOf(township);
        switch (template)
        {
            case "D": return district is null ? null : $"D-{district}";
            case "T": return township is null ? null : $"T-{township}";
        }
        if (template.StartsWith("CD-", StringComparison.Ordinal)) return district is null ? null
            : $"{template}-{district}";
        if (template.StartsWith("U-", StringComparison.Ordinal))
        {
            foreach (var area in new[] { township, district }.OfType<string>())
                if (_utilityByArea.TryGetValue((template, area), out var counts))
                    return counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                        .First().Key;
            // No history for this place: the directory's operator serving the county, if any.
            var utility = template[2..].ToLowerInvariant();
            return district is null ? null : units.UtilitiesFor(utility, district).Select(u => u.UnitId)
                .FirstOrDefault();
        }
        return template;
    }

    public Dictionary<string, Dictionary<string, int>> Export() =>
        _utilityByArea.ToDictionary(kv => $"{kv.Key.Template}|{kv.Key.Area}", kv => kv.Value);

    public void Import(Dictionary<string, Dictionary<string, int>> tables)
    {
        foreach (var (key, counts) in tables)
        {
            var i = key.IndexOf('|');
            _utilityByArea[(key[..i], key[(i + 1)..])] = counts;
        }
    }
}

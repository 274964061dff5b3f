namespace Hotline.Models.Routing;

/// <summary>
/// What history says beyond the text: for each category, which kind of unit finally handled it (P(template |
/// category)), which assisting units came with it, and which deadline tier it got. Learned by counting the
/// training window; serialised next to the ML.NET model.
/// </summary>
public sealed class RoutingTables
{
    public Dictionary<string, Dictionary<string, double>> TemplateGivenCategory { get; set; } = [];
    /// <summary>category|leadTemplate → most frequent assist template list.</summary>
    public Dictionary<string, List<string>> Assists { get; set; } = [];
    public Dictionary<string, string> TierByCategory { get; set; } = [];
    public Dictionary<string, Dictionary<string, int>> UtilityAreas { get; set; } = [];
    public double AbstainThreshold { get; set; }
    public double EmergencyThreshold { get; set; }
    /// <summary>
    /// The catalogue's safety layer (<see cref="SafetyLayer"/>) acts too; off only while thresholds are chosen.
    /// </summary>
    public bool UseLexicon { get; set; } = true;

    public static RoutingTables Learn(IEnumerable<RoutingExample> train, RouteTemplates templates)
    {
        var t = new RoutingTables();
        var tpl = new Dictionary<string, Dictionary<string, int>>();
        var assists = new Dictionary<string, Dictionary<string, int>>();
        var tiers = new Dictionary<string, Dictionary<string, int>>();
        foreach (var x in train)
        {
            templates.Learn(x);
            if (!x.Decided) continue;
            var lead = x.LeadUnit is null ? RoutingLabels.Centre : RouteTemplates.TemplateOf(x.LeadUnit);
            Count(tpl, x.Category, lead);
            if (x.LeadUnit is not null)
                Count(assists, $"{x.Category}|{lead}",
                    string.Join(' ', x.AssistUnits.Select(RouteTemplates.TemplateOf).Order(StringComparer.Ordinal)));
            if (x.Tier is not null) Count(tiers, x.Category, x.Tier);
        }
        foreach (var (cat, counts) in tpl)
        {
            var total = (double)counts.Values.Sum();
            t.TemplateGivenCategory[cat] = counts.ToDictionary(kv => kv.Key, kv => kv.Value / total);
        }
        foreach (var (key, counts) in assists)
            t.Assists[key] = Top(counts).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var (cat, counts) in tiers) t.TierByCategory[cat] = Top(counts);
        t.UtilityAreas = templates.Export();
        return t;
    }

    public double EmergencyShare(string category) =>
        TemplateGivenCategory.TryGetValue(category, out var d)
            ? d.Where(kv => kv.Key.StartsWith("E-", StringComparison.Ordinal)).Sum(kv => kv.Value) : 0;

    private static void Count(Dictionary<string, Dictionary<string, int>> d, string key, string value)
    {
        if (!d.TryGetValue(key, out var c)) d[key] = c = [];
        c[value] = c.GetValueOrDefault(value) + 1;
    }

    private static string Top(Dictionary<string, int> counts) =>
        counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
}

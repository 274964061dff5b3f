namespace Hotline.Jobs.Briefs;

/// <summary>
/// Where: county × category-group counts (the heat map), and township × category cells that rose significantly
/// against the previous period (Bonferroni over the cells compared, at least 10 tickets), biggest excess first.
/// </summary>
internal static class GeoSection
{
    public static (List<GeoCell> Cells, List<TownshipHotspot> Townships) Build(Names names, KpiSection.Cohort now,
        KpiSection.Cohort prev, int top = 10)
    {
        var cells = now.Tickets.GroupBy(t => (County: names.Area(t.District), Group: names.Group(t.Category)))
            .Select(g => new GeoCell(g.Key.County, g.Key.Group, g.Count()))
            .OrderBy(c => c.County, StringComparer.Ordinal).ThenBy(c => c.Group, StringComparer.Ordinal).ToList();
        var before = prev.Tickets.Where(t => t.Township is not null && t.Category is not null)
            .GroupBy(t => (t.District, t.Township, t.Category)).ToDictionary(g => g.Key, g => (long)g.Count());
        var current = now.Tickets.Where(t => t.Township is not null && t.Category is not null)
            .GroupBy(t => (t.District, t.Township, t.Category)).ToDictionary(g => g.Key, g => (long)g.Count());
        var m = Math.Max(1, current.Count);
        var towns = current.Select(kv =>
            {
                var p = before.GetValueOrDefault(kv.Key);
                var pv = CountComparison.PValue(kv.Value, p, now.Days, prev.Days);
                return (Row: new TownshipHotspot(names.Area(kv.Key.District), names.Area(kv.Key.Township),
                    kv.Key.Category!, names.Category(kv.Key.Category),
                    kv.Value, p, Math.Round(pv, 8)), Excess: kv.Value - p * now.Days / prev.Days,
                        Significant: pv * m < 0.05 && kv.Value >= 10);
            })
            .Where(x => x.Significant && x.Excess > 0).OrderByDescending(x => x.Excess)
                .ThenBy(x => x.Row.Township, StringComparer.Ordinal)
            .Take(top).Select(x => x.Row).ToList();
        return (cells, towns);
    }
}

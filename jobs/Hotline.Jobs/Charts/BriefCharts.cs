using Hotline.Jobs.Briefs;
using ScottPlot;

namespace Hotline.Jobs.Charts;

/// <summary>
/// The brief's charts as PNG bytes, keyed by file name: trend, category bars, county × category heat map.
/// </summary>
public static class BriefCharts
{
    public static Dictionary<string, byte[]> Render(HotspotBrief b) => new()
    {
        ["trend.png"] = Trend(b),
        ["categories.png"] = Categories(b),
        ["heatmap.png"] = Heatmap(b),
    };

    private static byte[] Trend(HotspotBrief b)
    {
        var plt = ChartStyle.New($"{b.Label} 每日受理量（与上期同日对比）");
        var xs = b.Daily.Select((_, i) => (double)i + 1).ToArray();
        var cur = plt.Add.Scatter(xs, b.Daily.Select(d => (double)d.Current).ToArray());
        cur.LineWidth = 2;
        var prev = b.Daily.Where(d => d.Previous is not null).ToList();
        if (prev.Count > 0)
        {
            var p = plt.Add.Scatter(xs.Take(prev.Count).ToArray(), prev.Select(d => (double)d.Previous!.Value)
                .ToArray());
            p.LinePattern = LinePattern.Dashed;
        }
        // Dates on the time axis (上期 is drawn on the same day of its period, so the axis reads as this period's
        // days): every day for a week, every fifth day (and the last) for a month.
        var step = b.Daily.Count <= 10 ? 1 : 5;
        var ticks = b.Daily.Select((d, i) => (d.Day, X: xs[i]))
            .Where((d, i) => i % step == 0 || i == b.Daily.Count - 1 && i % step >= step / 2 + 1).ToList();
        plt.Axes.Bottom.SetTicks(ticks.Select(t => t.X).ToArray(),
            ticks.Select(t => t.Day.ToString("M月d日", CultureInfo.InvariantCulture)).ToArray());
        plt.Axes.Bottom.TickLabelStyle.FontName = ChartStyle.Font;
        // The series are named under the axis, not in a legend: ScottPlot's legend cuts off the top of the first
        // CJK entry (the font's ascent is taller than it measures), and a legend box covers data.
        plt.XLabel(prev.Count > 0 ? "日期（实线为本期，虚线为上期同日）" : "日期");
        plt.YLabel("受理量（件）");
        plt.Axes.SetLimitsY(0, Math.Max(1, b.Daily.Max(d => Math.Max(d.Current, d.Previous ?? 0))) * 1.15);
        return ChartStyle.Png(plt);
    }

    private static byte[] Categories(HotspotBrief b)
    {
        var rows = b.TopCategories.Take(10).Reverse().ToList();
        var plt = ChartStyle.New($"{b.Label} 受理量前十类别（浅色为上期）");
        if (rows.Count == 0) return ChartStyle.Empty(plt);
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            bars.Add(new Bar { Position = i * 3 + 1, Value = rows[i].Count, FillColor = Colors.SteelBlue });
            bars.Add(new Bar { Position = i * 3 + 2, Value = rows[i].Previous, FillColor = Colors.LightSteelBlue });
        }
        var plot = plt.Add.Bars(bars);
        plot.Horizontal = true;
        plt.Axes.Left.SetTicks(rows.Select((_, i) => i * 3 + 1.5).ToArray(), rows.Select(r => r.Name).ToArray());
        plt.Axes.Left.TickLabelStyle.FontName = ChartStyle.Font;
        plt.XLabel("工单数（件）");
        plt.Axes.Margins(left: 0);
        return ChartStyle.Png(plt, ChartStyle.Width, 560);
    }

    private static byte[] Heatmap(HotspotBrief b)
    {
        var counties = b.Geo.Select(c => c.County).Distinct().Order(StringComparer.Ordinal).ToList();
        var groups = b.Geo.GroupBy(c => c.Group).OrderByDescending(g => g.Sum(c => c.Count)).Select(g => g.Key)
            .Take(12).ToList();
        var data = new double[counties.Count, groups.Count];
        foreach (var c in b.Geo)
        {
            int r = counties.IndexOf(c.County), k = groups.IndexOf(c.Group);
            if (r >= 0 && k >= 0) data[r, k] = c.Count;
        }
        var plt = ChartStyle.New($"{b.Label} 区县 × 诉求大类 受理量");
        if (counties.Count == 0) return ChartStyle.Empty(plt);
        var hm = plt.Add.Heatmap(data);
        hm.Colormap = new ScottPlot.Colormaps.Viridis();
        var bar = plt.Add.ColorBar(hm);
        bar.Label = "件";
        // Row 0 of the data is drawn at the top.
        plt.Axes.Left.SetTicks(counties.Select((_, i) => (double)(counties.Count - 1 - i)).ToArray(),
            counties.ToArray());
        plt.Axes.Bottom.SetTicks(groups.Select((_, i) => (double)i).ToArray(), groups.ToArray());
        plt.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plt.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plt.Axes.Bottom.MinimumSize = 110;
        plt.Axes.Left.TickLabelStyle.FontName = ChartStyle.Font;
        plt.Axes.Bottom.TickLabelStyle.FontName = ChartStyle.Font;
        return ChartStyle.Png(plt, ChartStyle.Width, 620);
    }
}

using System.Globalization;

namespace Hotline.Server.Console;

/// <summary>
/// An alert's evidence as an inline SVG: its calls per hour from the first to the latest, against the usual level of
/// the same risk group in the same area (a dashed line). Drawn here rather than with a chart library: a dozen bars
/// need no script, and an SVG in the page works offline and prints.
/// </summary>
public static class EvidenceChart
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const int Width = 720, Height = 200, Left = 40, Bottom = 28, Top = 12;

    /// <param name="calls">The alert's visible tickets' receipt times.</param>
    /// <param name="usualPerHour">The usual calls per hour of the risk group in the area, if known.</param>
    public static string Svg(IReadOnlyList<DateTime> calls, double? usualPerHour)
    {
        if (calls.Count == 0) return "";
        var first = calls.Min();
        var start = first.Date.AddHours(first.Hour);
        var hours = Math.Clamp((int)Math.Ceiling((calls.Max() - start).TotalHours + 1e-9), 1, 72);
        var bins = new int[hours];
        foreach (var c in calls) bins[Math.Min(hours - 1, (int)((c - start).TotalHours))]++;
        var max = Math.Max(bins.Max(), usualPerHour is { } u ? u : 0);
        max = Math.Max(1, Math.Ceiling(max * 1.1));
        double plotW = Width - Left - 8, plotH = Height - Top - Bottom, bar = plotW / hours;
        double Y(double v) => Top + plotH - v / max * plotH;
        var usual = usualPerHour is { } level ? $"，平时约每小时 {level:0.#} 件" : "";
        var sb = new System.Text.StringBuilder();
        sb.Append(Inv, $"<figure class=\"chart\"><svg viewBox=\"0 0 {Width} {Height}\" role=\"img\" "
            + $"aria-label=\"逐小时来电：{calls.Count} 件，最多一小时 {bins.Max()} 件{usual}\">");
        sb.Append(Inv, $"<line x1=\"{Left}\" y1=\"{Top + plotH}\" x2=\"{Width - 8}\" y2=\"{Top + plotH}\" ")
            .Append("class=\"axis\"/>");
        sb.Append(Inv, $"<text x=\"{Left - 6}\" y=\"{Y(max) + 4:0}\" class=\"tick\" text-anchor=\"end\">")
            .Append(Inv, $"{max:0}</text>");
        sb.Append(Inv, $"<text x=\"{Left - 6}\" y=\"{Top + plotH + 4:0}\" class=\"tick\" text-anchor=\"end\">0</text>");
        var labelEvery = Math.Max(1, hours / 8);
        for (var i = 0; i < hours; i++)
        {
            var x = Left + i * bar;
            sb.Append(Inv, $"<rect x=\"{x + 1:0.#}\" y=\"{Y(bins[i]):0.#}\" width=\"{Math.Max(1, bar - 2):0.#}\" "
                + $"height=\"{Top + plotH - Y(bins[i]):0.#}\" class=\"bar\"><title>{start.AddHours(i):M月d日 HH:00}："
                + $"{bins[i]} 件</title></rect>");
            if (i % labelEvery == 0)
                sb.Append(Inv, $"<text x=\"{x + bar / 2:0.#}\" y=\"{Height - 8}\" class=\"tick\" ")
                    .Append(Inv, $"text-anchor=\"middle\">"
                    + $"{start.AddHours(i):d日HH时}</text>");
        }
        if (usualPerHour is { } line)
            sb.Append(Inv, $"<line x1=\"{Left}\" y1=\"{Y(line):0.#}\" x2=\"{Width - 8}\" y2=\"{Y(line):0.#}\" ")
                .Append("class=\"usual\"/>");
        sb.Append(Inv, $"</svg><figcaption>逐小时来电（柱）{(usualPerHour is null ? "" : "与平时水平（虚线）")}</figcaption></figure>");
        return sb.ToString();
    }
}

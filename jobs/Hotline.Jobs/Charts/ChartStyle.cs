using ScottPlot;

namespace Hotline.Jobs.Charts;

/// <summary>
/// One look for every chart, and the font that makes Chinese render: ScottPlot's default font has no CJK glyphs
/// (labels come out as empty boxes), so the font is set explicitly to Noto Sans CJK SC (Debian: fonts-noto-cjk).
/// </summary>
public static class ChartStyle
{
    public const string Font = "Noto Sans CJK SC";
    public const int Width = 960, Height = 480;

    /// <summary>True when the CJK font is installed; without it charts would be unreadable, so callers fail clearly.</summary>
    public static bool FontInstalled => SkiaSharp.SKFontManager.Default.MatchFamily(Font) is { } tf && tf.FamilyName == Font;

    public static Plot New(string title)
    {
        if (!FontInstalled)
            throw new InvalidOperationException($"font '{Font}' not installed: charts would show Chinese as boxes (Debian: apt-get install fonts-noto-cjk)");
        var plt = new Plot();
        plt.Font.Set(Font);
        plt.Title(title);
        plt.Axes.Title.Label.FontName = Font;
        return plt;
    }

    /// <summary>A chart for a period without data says so instead of failing or drawing empty axes.</summary>
    public static byte[] Empty(Plot plt)
    {
        var note = plt.Add.Annotation("本期无数据", Alignment.MiddleCenter);
        note.LabelFontName = Font;
        note.LabelFontSize = 24;
        return Png(plt);
    }

    public static byte[] Png(Plot plt, int width = Width, int height = Height) => plt.GetImageBytes(width, height, ImageFormat.Png);
}

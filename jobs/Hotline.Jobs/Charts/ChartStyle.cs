using Hotline.Ingest.Machine;
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

    /// <summary>
    /// True when the CJK font is installed; without it charts would be unreadable, so callers fail clearly.
    /// </summary>
    public static bool FontInstalled
    {
        get
        {
            // Without fontconfig's library Skia's font manager cannot even load: the font is as good as missing.
            try { return SkiaSharp.SKFontManager.Default.MatchFamily(Font) is { } tf && tf.FamilyName == Font; }
            catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException) { return false; }
        }
    }

    /// <summary>
    /// The characters of <paramref name="text"/> the chart font has no glyph for (drawn as empty boxes).
    /// </summary>
    public static List<char> MissingGlyphs(string text)
    {
        EnsureFont();
        using var typeface = SkiaSharp.SKFontManager.Default.MatchFamily(Font);
        using var font = new SkiaSharp.SKFont(typeface);
        var chars = text.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).Distinct().ToList();
        var glyphs = font.GetGlyphs(new string(chars.ToArray()));
        return chars.Where((_, i) => glyphs[i] == 0).ToList();
    }

    /// <summary>
    /// Fails with the command that fixes it when the font is missing (the demo checks before it starts).
    /// </summary>
    public static void EnsureFont()
    {
        if (!FontInstalled)
            throw new MissingPrerequisiteException(
                $"font '{Font}' is not installed, so charts would show Chinese as boxes (Debian "
                    + "package fonts-noto-cjk)",
                MissingPrerequisiteException.Setup);
    }

    public static Plot New(string title)
    {
        EnsureFont();
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

    public static byte[] Png(Plot plt, int width = Width, int height = Height) =>
        plt.GetImageBytes(width, height, ImageFormat.Png);
}

using Hotline.Jobs.Charts;
using SkiaSharp;

namespace Hotline.Jobs.Tests.Charts;

public class ChartFontTests
{
    [Fact]
    public void Chinese_chart_text_has_glyphs_in_the_chosen_font()
    {
        Assert.True(ChartStyle.FontInstalled, $"{ChartStyle.Font} is not installed: run ./hotline setup");
        using var typeface = SKFontManager.Default.MatchFamily(ChartStyle.Font);
        Assert.Equal(ChartStyle.Font, typeface.FamilyName);
        const string text = "受理量前十类别 区县 × 诉求大类 暖气不热 工地拖欠农民工工资 承办单位综合得分";
        using var font = new SKFont(typeface);
        var glyphs = font.GetGlyphs(text);
        // Glyph 0 is "missing" (the empty box): every character must map to a real glyph.
        Assert.DoesNotContain((ushort)0, glyphs);

        var plt = ChartStyle.New(text);
        plt.Add.Bars([3.0, 5.0, 2.0]);
        var png = ChartStyle.Png(plt);
        Assert.True(png.Length > 5_000);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }
}

using Hotline.Jobs.Charts;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline charts-check`: is the chart font installed, and does it have a glyph for every character charts print?
/// </summary>
public static class ChartsCheckCommand
{
    public static Command Build()
    {
        var cmd = new Command("charts-check",
            "Check that the chart font is installed and covers every character the charts can print (exit 1 if not).");
        cmd.SetAction(_ => Cli.Run(() =>
        {
            var text = ChartText.All(ReferenceData.Default);
            var missing = ChartStyle.MissingGlyphs(text);
            Console.WriteLine($"chart font {ChartStyle.Font}: {text.Distinct().Count():N0} distinct characters "
                + $"checked, {missing.Count} without a glyph"
                + (missing.Count > 0 ? $": {string.Join(' ', missing.Take(40))}" : ""));
            return missing.Count == 0 ? 0 : 1;
        }));
        return cmd;
    }
}

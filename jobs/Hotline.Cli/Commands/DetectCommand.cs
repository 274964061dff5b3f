using Hotline.Models.Detection;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline detect`: one detector over any count series, so it can be checked on data no one here made.
/// </summary>
public static class DetectCommand
{
    public static Command Build()
    {
        var input = Cli.Required<string>("--input", "CSV with columns date,count (regular series, ascending)");
        var method = Cli.Required<string>("--method", "ears-c1 | ears-c2 | ears-c3 | farrington | cusum");
        var frequency = Cli.Opt<string>("--frequency", "day | week", "day");
        var threshold = Cli.Opt<double?>("--threshold",
            "EARS alarm level in SDs (CDC: 3 for C1/C2, 2 for C3); CUSUM decision interval h");
        var minSigma = Cli.Opt<double>("--min-sigma", "EARS minimum SD for sparse series", 0);
        var years = Cli.Opt<int>("--b", "Farrington: years of history", 4);
        var alpha = Cli.Opt<double>("--alpha", "Farrington: 1 − quantile of the threshold", 0.05);
        var json = Cli.Opt<bool>("--json", "machine-readable output");
        var cmd = new Command("detect",
            "Run one count detector over a date,count series and print expected, threshold and alarm per date.")
        {
            input, method, frequency, threshold, minSigma, years, alpha, json,
        };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var path = p.GetValue(input)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"input file not found: {path}");
            var series = CountSeries.ReadCsv(path, p.GetValue(frequency)!);
            var h = p.GetValue(threshold);
            ICountDetector detector = p.GetValue(method) switch
            {
                "ears-c1" => new Ears(EarsMethod.C1, threshold: h, minSigma: p.GetValue(minSigma)),
                "ears-c2" => new Ears(EarsMethod.C2, threshold: h, minSigma: p.GetValue(minSigma)),
                "ears-c3" => new Ears(EarsMethod.C3, threshold: h, minSigma: p.GetValue(minSigma)),
                "farrington" =>
                    new FarringtonFlexible(series.Dates,
                    new FarringtonOptions { B = p.GetValue(years), Alpha = p.GetValue(alpha) }),
                "cusum" => h is { } hh ? new PoissonCusum(h: hh) : new PoissonCusum(),
                var m =>
                    throw new ArgumentException($"unknown --method '{m}': use ears-c1, "
                        + "ears-c2, ears-c3, farrington or cusum"),
            };
            var points = detector.Run(series.Counts);
            if (p.GetValue(json)) Console.WriteLine(ToJson(detector, series, points, p.GetValue(frequency)!));
            else Print(detector, series, points);
            return 0;
        }));
        return cmd;
    }

    private static double? R(double? x) => x is { } v && double.IsFinite(v) ? Math.Round(v, 4) : null;

    public static string ToJson(ICountDetector detector, CountSeries s, DetectorPoint[] points, string frequency) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["method"] = detector.Name,
            ["frequency"] = frequency,
            ["points_judged"] = points.Count(x => x.Threshold is not null),
            ["alarms"] = points.Count(x => x.Alarm),
            ["points"] = points.Select(x => new Dictionary<string, object?>
            {
                ["date"] = s.Dates[x.Index].ToString("yyyy-MM-dd"), ["count"] = x.Observed,
                ["expected"] = R(x.Expected),
                ["threshold"] = R(x.Threshold),
                ["statistic"] = R(x.Statistic), ["alarm"] = x.Alarm,
            }),
        }, Json.Options);

    private static void Print(ICountDetector detector, CountSeries s, DetectorPoint[] points)
    {
        var judged = points.Count(x => x.Threshold is not null);
        AnsiConsole.MarkupLine($"{detector.Name}: {points.Length:N0} points, {judged:N0} judged (the first need "
            + $"history), {points.Count(x => x.Alarm):N0} alarms");
        var t = new Table().AddColumn("date").AddColumn(new TableColumn("count").RightAligned())
            .AddColumn(new TableColumn("expected").RightAligned())
            .AddColumn(new TableColumn("threshold").RightAligned())
                .AddColumn(new TableColumn("statistic").RightAligned());
        foreach (var x in points.Where(x => x.Alarm))
            t.AddRow($"{s.Dates[x.Index]:yyyy-MM-dd}", $"{x.Observed:0}", $"{x.Expected:0.0}", $"{x.Threshold:0.0}",
                $"{R(x.Statistic):0.00}");
        if (t.Rows.Count > 0) AnsiConsole.Write(t);
    }
}

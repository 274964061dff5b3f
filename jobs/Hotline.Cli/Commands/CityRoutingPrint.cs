using Hotline.Models.CityRouting;

namespace Hotline.Cli.Commands;

/// <summary>`hotline evaluate routing` on an imported city: the assistant and the baselines on one time
/// split.</summary>
public static class CityRoutingPrint
{
    public static int Run(WarehouseDb warehouse, string city, DateTime? testFrom, int seed, bool json)
    {
        var rows = RoutingData.Load(warehouse);
        var r = CityRoutingEvaluation.Run(rows, warehouse.Reference, city, testFrom, seed,
            json ? null : msg => Console.Error.WriteLine(msg));
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["city"] = r.City, ["test_from"] = r.TestFrom.ToString("yyyy-MM-dd"), ["train_cases"] = r.TrainCases,
                ["test_cases"] = r.TestCases, ["units"] = r.Units,
                ["unit_top1"] = r.Methods[0].Top1, ["unit_top3"] = r.Methods[0].Top3,
                ["abstain_rate"] = r.AbstainRate, ["accuracy_when_answering"] = r.AccuracyWhenAnswering,
                ["expected_calibration_error"] = r.ExpectedCalibrationError,
                ["baselines"] = r.Methods.Skip(1).ToDictionary(m => m.Method, m => new Dictionary<string, object?>
                {
                    ["unit_top1"] = m.Top1, ["unit_top3"] = m.Top3, ["description"] = m.Description,
                }),
                ["weights"] = r.Weights, ["train_seconds"] = Math.Round(r.TrainSeconds, 1),
            }, Json.Options));
            return 0;
        }
        var t = new Table().Title($"routing on {Markup.Escape(r.City)}'s own history: train before "
            + $"{r.TestFrom:yyyy-MM-dd} ({r.TrainCases:N0} cases), test from it ({r.TestCases:N0} cases, {r.Units} units)")
            .AddColumns("method", "unit top-1", "top-3", "what it is");
        foreach (var m in r.Methods)
            t.AddRow(m.Method, $"{m.Top1:P1}", m.Top3 is { } t3 ? $"{t3:P1}" : "-", Markup.Escape(m.Description));
        AnsiConsole.Write(t);
        Console.WriteLine($"abstains on {r.AbstainRate:P1} of test cases (请人工确认); right on {r.AccuracyWhenAnswering:P1} "
            + $"of the rest; calibration error {r.ExpectedCalibrationError:0.000}; trained in {r.TrainSeconds:0.0} s");
        return 0;
    }
}

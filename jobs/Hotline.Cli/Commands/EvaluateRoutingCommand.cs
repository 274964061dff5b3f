namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline evaluate routing`: the promoted model scored on the most recent test window of the warehouse
/// (the window it was not trained or tuned on when it was trained; later history makes the window newer still).
/// </summary>
public static class EvaluateRoutingCommand
{
    public static Command Build()
    {
        var db = Cli.DbOption();
        var json = Cli.Opt<bool>("--json", "machine-readable output");
        var testFrom = Cli.Opt<DateTime?>("--test-from",
            "imported city: train before this date, test from it (default: the last fifth of the history's days)");
        var seed = Cli.Opt<int>("--seed", "imported city: training seed", 7);
        var cmd = new Command("routing",
            "Held-out metrics of the promoted dispatch assistant: unit top-1/top-3, category "
                + "macro-F1, emergency recall, abstention.")
            { db, json, testFrom, seed };
        cmd.SetAction(p => Cli.Run(() =>
        {
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            if (warehouse.City is { } city)
                return CityRoutingPrint.Run(warehouse, city.Name, p.GetValue(testFrom), p.GetValue(seed),
                    p.GetValue(json));
            if (p.GetValue(testFrom) is not null)
                throw new ArgumentException("--test-from applies to an imported city's warehouse; the built-in city's "
                    + "windows are set at training (`hotline train`)");
            var registry = new ModelRegistry(warehouse);
            var run = registry.CurrentPromoted(ModelRegistry.Routing)
                ?? throw new FileNotFoundException("no trained routing model: run `hotline train` first");
            var model = RoutingModel.Load(registry.VersionDir(run));
            var windows = new RoutingTrainOptions();
            var split = RoutingData.Split(RoutingData.Load(warehouse), windows.TestDays, windows.ValidationDays,
                int.MaxValue);
            var m = RoutingEvaluation.Measure(RoutingEvaluation.Score(model, split.Test), ReferenceData.Default);
            // Callers of `hotline route` and POST /v1/route send content only: the same window without titles.
            var contentOnly = RoutingEvaluation.Measure(RoutingEvaluation.Score(model,
                split.Test.Select(x => x with { Title = "" }).ToList()), ReferenceData.Default);
            var d = RoutingReport.ToJson(m);
            d["content_only"] = new Dictionary<string, double>
            {
                ["unit_top1"] = contentOnly.UnitTop1, ["unit_top3"] = contentOnly.UnitTop3,
                ["category_macro_f1"] = contentOnly.CategoryMacroF1, ["emergency_recall"] = contentOnly.EmergencyRecall,
            };
            d["model_version"] = run.Version;
            d["test_window"] = $"{split.ValidationTo:yyyy-MM-dd}..{split.TestTo:yyyy-MM-dd}";
            if (p.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(d, Json.Options));
            else Print(m, run.Version, contentOnly);
            return 0;
        }));
        return cmd;
    }

    public static void Print(RoutingMetrics m, string version, RoutingMetrics? contentOnly = null)
    {
        var t = new Table().Title($"dispatch assistant {Markup.Escape(version)} on the test window")
            .AddColumns("metric", "value");
        t.AddRow("unit top-1 / top-3",
            $"{m.UnitTop1:P1} / {m.UnitTop3:P1}  ({m.DispatchedRows:N0} dispatched tickets)");
        t.AddRow("category macro-F1 leaf / level 2 / level 1",
            $"{m.CategoryMacroF1:0.000} / {m.CategoryLevel2MacroF1:0.000} / {m.CategoryLevel1MacroF1:0.000}");
        t.AddRow("emergency recall / precision",
            $"{m.EmergencyRecall:P1} / {m.EmergencyPrecision:P1}  ({m.EmergencyTickets} emergencies)");
        t.AddRow("abstain rate / accuracy when answering", $"{m.AbstainRate:P1} / {m.AccuracyWhenNotAbstaining:P1}");
        if (contentOnly is { } c)
            t.AddRow("content only (no title): unit top-1 / top-3, emergency recall",
                $"{c.UnitTop1:P1} / {c.UnitTop3:P1}, {c.EmergencyRecall:P1}");
        t.AddRow("deadline tier accuracy", $"{m.TierAccuracy:P1}");
        t.AddRow("calibration error (top-1, 10 bins)", $"{m.CalibrationError:0.000}");
        AnsiConsole.Write(t);
    }
}

using System.CommandLine;
using System.Text.Json;
using Hotline.Ingest.Warehouse;
using Hotline.Models.Routing;
using Hotline.Models.Text;
using Spectre.Console;

namespace Hotline.Cli.Commands;

/// <summary>`hotline train`: fit the dispatch assistant on warehouse history, register it, promote it if not worse.</summary>
public static class TrainCommand
{
    public static Command Build()
    {
        var db = Cli.DbOption();
        var trainer = new Option<string>("--trainer") { Description = $"{string.Join(", ", Trainers.Names)}", DefaultValueFactory = _ => Trainers.Names[0] };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 7 };
        var maxRows = new Option<int>("--max-train-rows") { Description = "most recent training tickets used", DefaultValueFactory = _ => 120_000 };
        var cmd = new Command("train", "Train the dispatch assistant (category, unit, deadline tier) on warehouse history with a time-based split.")
            { db, trainer, seed, maxRows };
        cmd.SetAction(p => Cli.Run(() =>
        {
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            var result = Train(warehouse, new RoutingTrainOptions { Trainer = p.GetValue(trainer)!, Seed = p.GetValue(seed), MaxTrainRows = p.GetValue(maxRows) },
                Console.WriteLine);
            return 0;
        }));
        return cmd;
    }

    /// <summary>Trains, scores the current model on the same test window, records the run and promotes if not worse.</summary>
    public static RoutingTrainResult Train(WarehouseDb warehouse, RoutingTrainOptions options, Action<string> log)
    {
        var result = RoutingTrainer.Train(warehouse, options, log);
        var registry = new ModelRegistry(warehouse);
        var now = Ingest.Contract.EventJson.ChinaNow;
        var current = registry.CurrentPromoted("routing");
        double? currentScore = null;
        if (current is not null && Directory.Exists(registry.VersionDir(current)))
        {
            var old = RoutingModel.Load(registry.VersionDir(current));
            currentScore = RoutingEvaluation.Measure(RoutingEvaluation.Score(old, result.Split.Test), Ingest.Reference.ReferenceData.Default).UnitTop1;
        }
        var promote = currentScore is null || result.Test.UnitTop1 >= currentScore.Value;
        var dir = registry.NewVersionDir("routing", now);
        result.Model.Save(dir);
        var note = currentScore is null ? "first model" : promote
            ? $"promoted: unit top-1 {result.Test.UnitTop1:0.0000} ≥ current {currentScore:0.0000} on the same test window"
            : $"not promoted: unit top-1 {result.Test.UnitTop1:0.0000} < current {currentScore:0.0000} on the same test window";
        var id = registry.Record("routing", Path.GetFileName(dir), result, RoutingReport.ToJson(result.Test, result), promote, note, now);
        log($"run {id}: {Path.GetFileName(dir)}: {note}");
        log($"test window: unit top-1 {result.Test.UnitTop1:P1}, top-3 {result.Test.UnitTop3:P1}, category macro-F1 {result.Test.CategoryMacroF1:0.000}, " +
            $"emergency recall {result.Test.EmergencyRecall:P1} (precision {result.Test.EmergencyPrecision:P1}), abstain {result.Test.AbstainRate:P1}, " +
            $"accuracy when answering {result.Test.AccuracyWhenNotAbstaining:P1}");
        return result;
    }
}

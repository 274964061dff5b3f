namespace Hotline.Models.Routing;

/// <summary>A training run as registered: the result, its registry id and what the promotion rule decided.</summary>
public sealed record RoutingRun(RoutingTrainResult Result, int RunId, string Version, bool Promoted, string Note);

/// <summary>
/// The dispatch assistant's training cycle as `hotline train`, the demo and tests run it: train on warehouse history,
/// re-score the currently promoted model on the same test window, save the new model, record the run in model_runs and
/// promote it when it is at least as good (like for like: both scored on the newest window).
/// </summary>
public static class RoutingPromotion
{
    public static RoutingRun TrainAndRegister(WarehouseDb warehouse, RoutingTrainOptions options, Action<string> log,
        ChinaClock? clock = null)
    {
        var result = RoutingTrainer.Train(warehouse, options, log);
        var registry = new ModelRegistry(warehouse);
        var now = (clock ?? ChinaClock.System).Now;
        var current = registry.CurrentPromoted(ModelRegistry.Routing);
        double? currentScore = null;
        if (current is not null && Directory.Exists(registry.VersionDir(current)))
        {
            var old = RoutingModel.Load(registry.VersionDir(current));
            currentScore = RoutingEvaluation.Measure(RoutingEvaluation.Score(old, result.Split.Test),
                ReferenceData.Default).UnitTop1;
        }
        var promote = currentScore is null || result.Test.UnitTop1 >= currentScore.Value;
        var dir = registry.NewVersionDir(ModelRegistry.Routing, now);
        result.Model.Save(dir);
        var note = currentScore is null ? "first model" : promote
            ? $"promoted: unit top-1 {result.Test.UnitTop1:0.0000} ≥ current {currentScore:0.0000} "
                + "on the same test window"
            : $"not promoted: unit top-1 {result.Test.UnitTop1:0.0000} < "
                + $"current {currentScore:0.0000} on the same test window";
        var version = Path.GetFileName(dir);
        // Killed here, the model's files exist but no run names them: the registry still serves the previous model.
        Hotline.Ingest.Machine.TestHooks.At("promote");
        var id = registry.Record(ModelRegistry.Routing, version, result, RoutingReport.ToJson(result.Test, result),
            promote, note, now);
        log($"run {id}: {version}: {note}");
        log($"test window: unit top-1 {result.Test.UnitTop1:P1}, top-3 {result.Test.UnitTop3:P1}, " +
            $"category macro-F1 {result.Test.CategoryMacroF1:0.000}, "
                + $"emergency recall {result.Test.EmergencyRecall:P1} " +
            $"(precision {result.Test.EmergencyPrecision:P1}), abstain {result.Test.AbstainRate:P1}, " +
            $"accuracy when answering {result.Test.AccuracyWhenNotAbstaining:P1}");
        return new RoutingRun(result, id, version, promote, note);
    }

    /// <summary>
    /// Streaming mode for one-shot ingests: when a routing model is promoted, every new ticket (received after its
    /// training window) gets a route_suggestions row, as `hotline serve` does live. Returns how many and the model
    /// version, or null when no model is promoted yet.
    /// </summary>
    public static (long Written, string Version)? SuggestNewTickets(WarehouseDb warehouse, ChinaClock? clock = null)
    {
        var registry = new ModelRegistry(warehouse);
        if (registry.CurrentPromoted(ModelRegistry.Routing) is not { } run) return null;
        // Suggestions are a by-product of ingest: a model whose files are gone must not fail the ingest that already
        // committed (the server says so on /v1/route; `hotline train` makes a new one).
        if (!File.Exists(Path.Combine(registry.VersionDir(run), RoutingModel.CategoryModelFile))) return (0,
            run.Version);
        var model = RoutingModel.Load(registry.VersionDir(run));
        var writer = new RouteSuggestionWriter(warehouse.Connection, model, run.Version, clock);
        long total = 0;
        int n;
        while ((n = writer.Run(run.TrainedTo ?? DateTime.MinValue)) > 0) total += n;
        return (total, run.Version);
    }
}

using System.Diagnostics;

namespace Hotline.Models.Routing;

public sealed record RoutingTrainOptions
{
    public string Trainer { get; init; } = "lbfgs-maxent";
    public int Seed { get; init; } = 7;
    public int TestDays { get; init; } = 28;
    public int ValidationDays { get; init; } = 28;
    /// <summary>Most recent training tickets used (older history adds little and costs training time).</summary>
    public int MaxTrainRows { get; init; } = 120_000;
    /// <summary>
    /// Routing trains on far more tickets than a city's labelled CSV, so it uses the cheaper configuration:
    /// character 1–2-grams without word segmentation and 30 L-BFGS iterations (on the real messages 1–2-grams
    /// scored the same as 1–3-grams on validation; on the hand-written natural set 89.4 % unit top-1 against
    /// 87.3 %, in half the training time and within the 100 µs route budget; see docs/models.md).
    /// </summary>
    public TextFeatures Features { get; init; } = new()
    {
        CharNgrams = 2, UseWords = false, SeparateTitle = false, UseContext = false, Iterations = 30,
    };
    /// <summary>
    /// Share of training tickets whose title is withheld, so the model learns to read content alone (requests
    /// to `hotline route` have none) and still uses a title when one comes.
    /// </summary>
    public double TitleDropout { get; init; } = 0.5;
}

public sealed record RoutingTrainResult(RoutingModel Model, RoutingSplit Split, RoutingMetrics Validation,
    RoutingMetrics Test,
    double TrainSeconds, string Trainer);

/// <summary>
/// Trains the dispatch assistant from warehouse history: category classifier on the training window, history
/// tables (unit kind, assists, tier per category), thresholds on the validation window, metrics on the test
/// window. Nothing from validation or test reaches the model's parameters.
/// </summary>
public static class RoutingTrainer
{
    public static RoutingTrainResult Train(WarehouseDb db, RoutingTrainOptions o, Action<string>? log = null)
    {
        var reference = ReferenceData.Default;
        log?.Invoke("reading labelled history…");
        var rows = RoutingData.Load(db);
        var split = RoutingData.Split(rows, o.TestDays, o.ValidationDays, o.MaxTrainRows);
        log?.Invoke($"history: {rows.Count:N0} labelled tickets; "
            + $"train {split.Train.Count:N0} ({split.TrainFrom:yyyy-MM-dd}..{split.TrainTo:yyyy-MM-dd}), " +
            $"validation {split.Validation.Count:N0}, test {split.Test.Count:N0} "
                + $"(to {split.TestTo:yyyy-MM-dd}); {split.DroppedSharedCallers:N0} held-out tickets "
                + "dropped (caller also in training)");
        return Fit(split, o, reference, log);
    }

    public static RoutingTrainResult Fit(RoutingSplit split, RoutingTrainOptions o, ReferenceData reference,
        Action<string>? log = null)
    {
        var sw = Stopwatch.StartNew();
        // Tickets without a recorded category (the centre answered or closed them itself) teach no category: as
        // a class of their own they became the catch-all that unfamiliar wording fell into (issue #18).
        var examples = split.Train.Where(x => x.Category != RoutingLabels.Centre)
            .Select(x => Label(RoutingModel.ToExample(RouteRequest.From(x) with
            {
                Title = Keep(x.TicketId, o.Seed, o.TitleDropout) ? x.Title : "",
            }), x.Category)).ToList();
        var classifier = TextClassifier.Train(examples, o.Features, o.Trainer, o.Seed);
        var tables = RoutingTables.Learn(split.Train, new RouteTemplates(new UnitDirectory(reference)));
        var seconds = sw.Elapsed.TotalSeconds;
        log?.Invoke($"trained {o.Trainer} on {examples.Count:N0} tickets in {seconds:0.0} s "
            + $"({classifier.Labels.Count} categories)");

        // Thresholds on validation, with emergency transfer disabled so confidences are those of the unit choice.
        tables.EmergencyThreshold = double.PositiveInfinity;
        tables.AbstainThreshold = 0;
        tables.UseLexicon = false;
        var model = new RoutingModel(classifier, tables, reference);
        var valScored = RoutingEvaluation.Score(model, split.Validation);
        (tables.EmergencyThreshold, tables.AbstainThreshold) = RoutingEvaluation.ChooseThresholds(valScored);
        tables.UseLexicon = true;
        log?.Invoke("thresholds from validation: "
            + $"emergency {tables.EmergencyThreshold:0.0000}, abstain {tables.AbstainThreshold:0.000}");
        var validation = RoutingEvaluation.Measure(RoutingEvaluation.Score(model, split.Validation), reference);
        var test = RoutingEvaluation.Measure(RoutingEvaluation.Score(model, split.Test), reference);
        return new RoutingTrainResult(model, split, validation, test, seconds, o.Trainer);
    }

    /// <summary>A seeded coin per ticket: the same seed withholds the same titles.</summary>
    private static bool Keep(string ticketId, int seed, double dropout) =>
        (System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(ticketId), seed) % 10_000)
            >= dropout * 10_000;

    private static TextExample Label(TextExample e, string label)
    {
        e.Label = label;
        return e;
    }
}

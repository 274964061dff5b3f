using Hotline.Models.Evaluation;

namespace Hotline.Models.Routing;

/// <summary>Held-out quality of the dispatch assistant (the keys of `hotline evaluate routing --json`).</summary>
public sealed record RoutingMetrics
{
    public int Rows { get; init; }
    public int DispatchedRows { get; init; }
    public double UnitTop1 { get; init; }
    public double UnitTop3 { get; init; }
    public double CategoryMacroF1 { get; init; }
    public double CategoryLevel2MacroF1 { get; init; }
    public double CategoryLevel1MacroF1 { get; init; }
    public double EmergencyRecall { get; init; }
    public double EmergencyPrecision { get; init; }
    public int EmergencyTickets { get; init; }
    public double AbstainRate { get; init; }
    public double AccuracyWhenNotAbstaining { get; init; }
    public double TierAccuracy { get; init; }
    /// <summary>
    /// Expected calibration error of the top-1 unit probability (10 bins): 0 is perfectly calibrated.
    /// </summary>
    public double CalibrationError { get; init; }
    public IReadOnlyList<(double Confidence, double Accuracy, int Count)> Reliability { get; init; } = [];
    public IReadOnlyList<ClassScores> PerCategory { get; init; } = [];
    /// <summary>
    /// Special dispositions kept by the centre (kb_answer, legal_channel, outside_city): precision and recall.
    /// </summary>
    public IReadOnlyList<ClassScores> Dispositions { get; init; } = [];
}

/// <summary>Scores a routing model against what finally happened to held-out tickets.</summary>
public static class RoutingEvaluation
{
    public sealed record Scored(RoutingExample Example, RouteSuggestion Suggestion);

    public static List<Scored> Score(RoutingModel model, IReadOnlyList<RoutingExample> rows)
    {
        var requests = rows.Select(RouteRequest.From).ToList();
        var probs = model.CategoryClassifier.ProbabilitiesBatch(requests.Select(RoutingModel.ToExample).ToList());
        var result = new Scored[rows.Count];
        Parallel.For(0, rows.Count, i => result[i] = new Scored(rows[i], model.Suggest(requests[i], probs[i])));
        return result.ToList();
    }

    public static RoutingMetrics Measure(IReadOnlyList<Scored> scored, Ingest.Reference.ReferenceData reference)
    {
        var info = reference.Categories.ToDictionary(c => c.Code);
        var dispatched = scored.Where(s => s.Example.LeadUnit is not null).ToList();
        bool Top1(Scored s) => s.Suggestion.LeadUnit == s.Example.LeadUnit;
        var top1 = dispatched.Count(Top1);
        var top3 = dispatched.Count(s => s.Suggestion.Units.Any(u => u.UnitId == s.Example.LeadUnit)
            || (s.Suggestion.LeadUnit == s.Example.LeadUnit));
        var isEm = (Scored s) => s.Example.LeadUnit?.StartsWith("E-", StringComparison.Ordinal) == true;
        var flagged = (Scored s) => s.Suggestion.Disposition.IsTransfer();
        int emTrue = scored.Count(isEm), emHit = scored.Count(s => isEm(s) && flagged(s)),
            emFlag = scored.Count(flagged);
        var answered = dispatched.Where(s => !s.Suggestion.Abstain).ToList();
        var withTier = dispatched.Where(s => s.Example.Tier is not null).ToList();

        var labelled = scored.Where(s => s.Example.Category != RoutingLabels.Centre).ToList();
        string Level(string code, int level) => info.TryGetValue(code, out var c) ? level == 1 ? c.Level1 : c.Level1
            + "/" + c.Level2 : code;
        var truth = labelled.Select(s => s.Example.Category).ToList();
        var pred = labelled.Select(s => s.Suggestion.Categories[0].Code).ToList();
        var leaf = ClassificationReport.From(truth, pred);
        var l2 = ClassificationReport.From(truth.Select(c => Level(c, 2)).ToList(), pred.Select(c => Level(c, 2))
            .ToList());
        var l1 = ClassificationReport.From(truth.Select(c => Level(c, 1)).ToList(), pred.Select(c => Level(c, 1))
            .ToList());

        var bins = dispatched.GroupBy(s => Math.Min(9, (int)(s.Suggestion.Confidence * 10))).OrderBy(g => g.Key)
            .Select(g =>
                (Confidence: g.Average(s => s.Suggestion.Confidence), Accuracy: g.Count(Top1) / (double)g.Count(),
                Count: g.Count())).ToList();
        var ece = dispatched.Count == 0 ? 0
            : bins.Sum(b => b.Count * Math.Abs(b.Confidence - b.Accuracy)) / dispatched.Count;

        // Disposition truth follows the ticket's final category (centre-kept kinds) or "dispatch"/"transfer".
        string TrueDisposition(Scored s) => info.TryGetValue(s.Example.Category, out var c)
            && s.Example.LeadUnit is null
            && c.Disposition.IsCentreKept() ? c.Disposition.Code() : "other";
        string PredDisposition(Scored s) => s.Suggestion.Disposition.IsCentreKept() ? s.Suggestion.Disposition.Code()
            : "other";
        var dispositions = ClassificationReport.From(scored.Select(TrueDisposition).ToList(),
            scored.Select(PredDisposition).ToList())
            .Classes.Where(c => c.Label != "other").ToList();

        static double Frac(int a, int b) => b == 0 ? 0 : a / (double)b;
        return new RoutingMetrics
        {
            Rows = scored.Count, DispatchedRows = dispatched.Count,
            UnitTop1 = Frac(top1, dispatched.Count), UnitTop3 = Frac(top3, dispatched.Count),
            CategoryMacroF1 = leaf.MacroF1, CategoryLevel2MacroF1 = l2.MacroF1, CategoryLevel1MacroF1 = l1.MacroF1,
            EmergencyRecall = Frac(emHit, emTrue), EmergencyPrecision = Frac(emHit, emFlag), EmergencyTickets = emTrue,
            AbstainRate = Frac(dispatched.Count(s => s.Suggestion.Abstain), dispatched.Count),
            AccuracyWhenNotAbstaining = Frac(answered.Count(Top1), answered.Count),
            TierAccuracy = Frac(withTier.Count(s => s.Suggestion.Tier == s.Example.Tier), withTier.Count),
            CalibrationError = ece, Reliability = bins, PerCategory = leaf.Classes, Dispositions = dispositions,
        };
    }

    /// <summary>
    /// Thresholds chosen on validation. Emergency: the highest threshold that still flags ≥ 99.5% of the
    /// validation emergencies (a missed gas explosion costs more than a false flag), never above 0.5.
    /// Abstain: the lowest confidence cut that makes answered suggestions ≥ 97% right, abstaining on at most 25%.
    /// </summary>
    public const double MinEmergencyThreshold = 0.15;

    public static (double Emergency, double Abstain) ChooseThresholds(IReadOnlyList<Scored> validation)
    {
        var em = validation.Where(s => s.Example.LeadUnit?.StartsWith("E-", StringComparison.Ordinal) == true)
            .Select(s => s.Suggestion.EmergencyProbability).Order().ToList();
        // Never below 0.15: one validation emergency the text hides (say, worded like a complaint) would otherwise
        // drive the threshold to zero and transfer every ticket; the category rule and the catalogue's safety
        // layer catch what a likelihood of 15 % misses.
        var emergency = em.Count == 0 ? 0.3
            : Math.Clamp(em[(int)Math.Floor(em.Count * 0.005)] * 0.9, MinEmergencyThreshold, 0.5);
        var dispatched = validation.Where(s => s.Example.LeadUnit is not null)
            .Select(s => (s.Suggestion.Confidence, Right: s.Suggestion.LeadUnit == s.Example.LeadUnit))
            .OrderBy(x => x.Confidence).ToList();
        var abstain = 0.0;
        var right = dispatched.Count(x => x.Right);
        for (var cut = 0; cut < dispatched.Count * 0.25; cut++)
        {
            var remaining = dispatched.Count - cut;
            if (right / (double)remaining >= 0.97)
            {
                abstain = cut == 0 ? 0 : dispatched[cut - 1].Confidence
                + 1e-9; break;
            }
            if (dispatched[cut].Right) right--;
            abstain = dispatched[cut].Confidence + 1e-9;
        }
        return (emergency, abstain);
    }
}

using Hotline.Models.Evaluation;

namespace Hotline.Models.CityRouting;

/// <summary>One method's unit accuracy on the test cases.</summary>
public sealed record MethodScore(string Method, string Description, double Top1, double? Top3);

/// <summary>The scores of an imported city's routing evaluation, for print and JSON.</summary>
public sealed record CityRoutingResult(string City, DateTime TestFrom, int TrainCases, int TestCases, int Units,
    IReadOnlyList<MethodScore> Methods, double AbstainRate, double AccuracyWhenAnswering,
    double ExpectedCalibrationError, CityRouterWeights Weights, double TrainSeconds);

/// <summary>
/// Scores the city router on the city's own history with a time split (train before the test date, test from
/// it), next to the baselines a reviewer asks for, on the same split in the same run: the most frequent unit, the
/// place-only rule (the one county or township the text names → its government, else the most frequent unit), the
/// type + district majority where the export has types, and a character 1–3-gram TF-IDF linear SVM (balanced)
/// on the same words.
/// </summary>
public static class CityRoutingEvaluation
{
    public static CityRoutingResult Run(IReadOnlyList<RoutingExample> all, ReferenceData reference, string city,
        DateTime? testFrom, int seed, Action<string>? log = null)
    {
        var rows = all.Where(x => x.LeadUnit is not null).OrderBy(x => x.ReceivedAt).ToList();
        if (rows.Count < 30) throw new InvalidDataException($"only {rows.Count} cases with a handling unit: "
            + "too few to evaluate routing (import more history)");
        var from = testFrom ?? DefaultTestFrom(rows);
        var train = rows.Where(x => x.ReceivedAt < from).ToList();
        var test = rows.Where(x => x.ReceivedAt >= from).ToList();
        if (train.Count < 20 || test.Count == 0)
            throw new InvalidDataException($"--test-from {from:yyyy-MM-dd} leaves {train.Count} cases to train on and "
                + $"{test.Count} to test: choose a date inside {rows[0].ReceivedAt:yyyy-MM-dd}..{rows[^1].ReceivedAt:yyyy-MM-dd}");
        log?.Invoke($"{train.Count:N0} cases before {from:yyyy-MM-dd} to learn from, {test.Count:N0} to test");

        var sw = System.Diagnostics.Stopwatch.StartNew();
        var router = CityRouter.Train(train, reference, seed, log);
        var seconds = sw.Elapsed.TotalSeconds;
        var routes = router.RouteBatch(test);
        var methods = new List<MethodScore>
        {
            Score("assistant", "text + places + intake type/county, calibrated", test,
                routes.Select(r => r.Units.Select(u => u.Label).ToList()).ToList()),
        };

        var majority = train.GroupBy(x => x.LeadUnit!).OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        methods.Add(Score("majority", "the most frequent unit", test, test.Select(_ => new List<string> { majority })
            .ToList()));
        var places = new NamedPlaces(reference);
        methods.Add(Score("place_only", "the one place named → its government, else the most frequent unit", test,
            test.Select(x => new List<string>
            {
                places.Single(places.Find(x.Title + "。" + x.Content)) is { } p && places.TerritorialUnit(p) is { } u
                    ? u : majority,
            }).ToList()));
        if (train.Any(x => x.IntakeCategory is not null))
        {
            var byTypePlace = Majorities(train, x => (x.IntakeCategory ?? "") + "|" + (x.District ?? ""));
            var byType = Majorities(train, x => x.IntakeCategory ?? "");
            methods.Add(Score("type_district_majority", "the most frequent unit for the type and district", test,
                test.Select(x => new List<string>
                {
                    byTypePlace.GetValueOrDefault((x.IntakeCategory ?? "") + "|" + (x.District ?? ""))
                        ?? byType.GetValueOrDefault(x.IntakeCategory ?? "") ?? majority,
                }).ToList()));
        }
        // One SVM per unit passes over every training case: past a few million (cases × units) the peer is the
        // same features under one multinomial linear model (SDCA), which trains in one pass per iteration.
        var classes = train.Select(x => x.LeadUnit).Distinct().Count();
        var peerTrainer = (long)train.Count * classes <= 3_000_000 ? "ova-svm" : "sdca-maxent";
        log?.Invoke($"training the character TF-IDF linear peer ({peerTrainer})…");
        var peer = TextClassifier.Train(train.Select(x => new TextExample
        {
            Body = x.Title.Length > 0 ? x.Title + "。" + x.Content : x.Content, Label = x.LeadUnit!,
        }).ToList(), peerTrainer == "ova-svm" ? PlainPeer.Features : PlainPeer.Features with
        {
            MaxNgramsPerLength = 50_000,
        }, peerTrainer, seed);
        var peerScores = peer.ProbabilitiesBatch(test.Select(x => new TextExample
        {
            Body = x.Title.Length > 0 ? x.Title + "。" + x.Content : x.Content,
        }).ToList());
        methods.Add(Score(peerTrainer == "ova-svm" ? "tfidf_svm" : "tfidf_linear",
            $"character 1–3-gram TF-IDF + {(peerTrainer == "ova-svm" ? "linear SVM" : "multinomial logistic (SDCA)")} "
            + "(balanced), same words", test,
            peerScores.Select(p => Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).Take(3)
                .Select(i => peer.Labels[i]).ToList()).ToList()));

        var answered = routes.Select((r, i) => (r, test[i])).Where(t => !t.r.Abstain).ToList();
        var rightWhenAnswering = answered.Count == 0 ? 0
            : answered.Count(t => t.r.Units[0].Label == t.Item2.LeadUnit) / (double)answered.Count;
        return new CityRoutingResult(city, from, train.Count, test.Count,
            rows.Select(x => x.LeadUnit).Distinct().Count(), methods, 1 - answered.Count / (double)test.Count,
            rightWhenAnswering,
            Ece(routes, test), router.Weights, seconds);
    }

    /// <summary>The last fifth of the history's days (at least one day) is the test period by default.</summary>
    private static DateTime DefaultTestFrom(List<RoutingExample> rows)
    {
        var first = rows[0].ReceivedAt.Date;
        var last = rows[^1].ReceivedAt.Date.AddDays(1);
        return first.AddDays(Math.Max(1, (int)((last - first).TotalDays * 0.8)));
    }

    private static Dictionary<string, string> Majorities(IEnumerable<RoutingExample> rows,
        Func<RoutingExample, string> key) =>
        rows.GroupBy(key).ToDictionary(g => g.Key, g => g.GroupBy(x => x.LeadUnit!).OrderByDescending(u => u.Count())
            .ThenBy(u => u.Key, StringComparer.Ordinal).First().Key);

    private static MethodScore Score(string method, string description, List<RoutingExample> test,
        List<List<string>> ranked)
    {
        var top1 = test.Select((x, i) => ranked[i].Count > 0 && ranked[i][0] == x.LeadUnit).Count(b => b);
        var hasTop3 = ranked.Any(r => r.Count > 1);
        var top3 = test.Select((x, i) => ranked[i].Take(3).Contains(x.LeadUnit!)).Count(b => b);
        return new MethodScore(method, description, top1 / (double)test.Count,
            hasTop3 ? top3 / (double)test.Count : null);
    }

    /// <summary>Expected calibration error of the top suggestion's confidence (10 equal-width bins).</summary>
    private static double Ece(IReadOnlyList<CityRoute> routes, List<RoutingExample> test)
    {
        var bins = routes.Select((r, i) => (P: r.Units[0].Probability, Ok: r.Units[0].Label == test[i].LeadUnit))
            .GroupBy(x => Math.Min(9, (int)(x.P * 10)));
        return bins.Sum(b => b.Count() / (double)test.Count
            * Math.Abs(b.Average(x => x.P) - b.Average(x => x.Ok ? 1.0 : 0.0)));
    }
}

namespace Hotline.Models.CityRouting;

/// <summary>A suggestion for an imported city: ranked units with calibrated confidence, and the places read.</summary>
public sealed record CityRoute(IReadOnlyList<Ranked> Units, bool Abstain, IReadOnlyList<string> Places);

/// <summary>How the kinds of evidence are weighed (chosen on the last fifth of the training window).</summary>
/// <param name="Unit">the text model over units.</param>
/// <param name="Function">the text model over unit functions (教育局, 县区政府…).</param>
/// <param name="Place">how often each unit handled cases naming the same places.</param>
/// <param name="Territorial">bonus for the named place's own government.</param>
/// <param name="AreaMatch">bonus (or malus) when the unit's own area is (or is not) a named place.</param>
/// <param name="Unplaced">malus for a local unit when the text names no place.</param>
public sealed record CityRouterWeights(double Unit, double Function, double Place, double Territorial, double AreaMatch,
    double Unplaced, double Temperature = 1, double AbstainBelow = 0);

/// <summary>
/// The dispatch assistant of a city that brought its own history. Evidence: a text model over the units that
/// handled its past cases; a text model over unit functions (a unit's name without its place), which pools what
/// every county's 教育局 learned; the places the text names (county or township, with the intake's county when
/// the export has one) and which units handled cases naming them; the named place's own government (G12). The
/// weights are chosen on the last fifth of the training window, scores calibrated there (temperature), with an
/// abstain threshold below which the dispatcher should confirm. Every unit of the profile is a candidate, so a
/// unit that never answered in the training window can still be suggested from its function and place.
/// </summary>
public sealed class CityRouter
{
    private const double Smoothing = 2;
    private const double Floor = 1e-5;
    private readonly TextClassifier _units;
    private readonly TextClassifier _functions;
    private readonly NamedPlaces _places;
    private readonly UnitParts _parts;
    private readonly Dictionary<string, List<string>> _byFunction;
    private readonly Dictionary<string, Dictionary<string, int>> _byPlace;
    private readonly Dictionary<string, int> _placeTotals;
    public CityRouterWeights Weights { get; private set; }

    private CityRouter(TextClassifier units, TextClassifier functions, NamedPlaces places, UnitParts parts,
        Dictionary<string, Dictionary<string, int>> byPlace, CityRouterWeights weights)
    {
        _units = units;
        _functions = functions;
        _places = places;
        _parts = parts;
        _byPlace = byPlace;
        _placeTotals = byPlace.ToDictionary(kv => kv.Key, kv => kv.Value.Values.Sum());
        _byFunction = parts.Units.GroupBy(parts.Function).ToDictionary(g => g.Key, g => g.ToList());
        Weights = weights;
    }

    /// <summary>
    /// Character 1–2-grams (the 20k most frequent of each length) and the intake's type and county as tokens: a
    /// city's hundreds of units make the weights classes × features, so the vocabulary is bounded. Classes are
    /// weighted by the square root of inverse frequency: on Dalian's letters (where the centre itself answered a
    /// quarter of the history, then none) 37.2 % top-1 against 34.9 % unweighted and 37.9 % fully balanced, with the
    /// best top-3 of the three.
    /// </summary>
    public static readonly TextFeatures Features = new()
    {
        CharNgrams = 2, UseWords = false, SeparateTitle = false, UseContext = true, BalanceClasses = true,
        BalancePower = 0.5, Iterations = 40, MaxNgramsPerLength = 20_000,
    };

    /// <summary>
    /// SDCA, not L-BFGS: with hundreds of classes L-BFGS keeps twenty copies of classes × features weights in its
    /// history (gigabytes for a mailbox's 400 units); SDCA keeps one.
    /// </summary>
    public const string Trainer = "sdca-maxent";

    public static CityRouter Train(IReadOnlyList<RoutingExample> train, ReferenceData reference, int seed,
        Action<string>? log = null)
    {
        var rows = train.Where(x => x.LeadUnit is not null).OrderBy(x => x.ReceivedAt).ToList();
        if (rows.Count < 20) throw new InvalidDataException($"only {rows.Count} dispatched cases to learn from");
        var places = new NamedPlaces(reference);
        var parts = new UnitParts(reference);
        var cut = (int)(rows.Count * 0.8);
        var inner = Fit(rows[..cut], places, parts, seed, new CityRouterWeights(1, 0, 0, 0, 0, 0));
        // Tuning scores every candidate of every held-back case: a few thousand cases settle the weights.
        var held = rows[cut..].Where((_, i) => i % Math.Max(1, (rows.Count - cut) / 3000) == 0).ToList();
        var weights = inner.Tune(held);
        log?.Invoke($"weights from {held.Count:N0} held-back training cases: {weights}");
        return Fit(rows, places, parts, seed, weights);
    }

    private static CityRouter Fit(IReadOnlyList<RoutingExample> rows, NamedPlaces places, UnitParts parts, int seed,
        CityRouterWeights weights)
    {
        var units = TextClassifier.Train(rows.Select(x => Example(x, x.LeadUnit!)).ToList(), Features, Trainer, seed);
        var functions = TextClassifier.Train(rows.Select(x => Example(x, parts.Function(x.LeadUnit!))).ToList(),
            Features, Trainer, seed);
        var byPlace = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var x in rows)
            foreach (var p in PlacesOf(x, places))
            {
                if (!byPlace.TryGetValue(p, out var u)) byPlace[p] = u = new(StringComparer.Ordinal);
                u[x.LeadUnit!] = u.GetValueOrDefault(x.LeadUnit!) + 1;
            }
        return new CityRouter(units, functions, places, parts, byPlace, weights);
    }

    internal static TextExample Example(RoutingExample x, string label = "") => new()
    {
        Body = x.Title.Length > 0 ? x.Title + "。" + x.Content : x.Content,
        // A constant token keeps the context vector one shape when an export has neither type nor county.
        Context = string.Join(' ', new[] { "ctx", x.IntakeCategory is { } c ? "T_" + c : null,
            x.District is { } d ? "D_" + d : null }.OfType<string>()),
        Label = label,
    };

    private static IReadOnlyList<string> PlacesOf(RoutingExample x, NamedPlaces places)
    {
        var found = places.Find(x.Title + "。" + x.Content).ToList();
        foreach (var given in new[] { x.Township, x.District })
            if (given is not null && !found.Contains(given)) found.Add(given);
        return found;
    }

    /// <summary>What one case's evidence says, before weighting: per candidate unit, the feature values.</summary>
    private sealed record Evidence(string[] Candidates, double[][] Features, IReadOnlyList<string> Places);

    private Evidence Gather(RoutingExample x, double[] pUnit, double[] pFunction)
    {
        var places = PlacesOf(x, _places);
        var counties = places.Select(p => _parts.County(p)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in Top(pUnit, 15)) candidates.Add(_units.Labels[i]);
        foreach (var i in Top(pFunction, 5))
            foreach (var u in _byFunction.GetValueOrDefault(_functions.Labels[i]) ?? [])
                if (_parts.Area(u) is not { } area || places.Contains(area) || counties.Contains(area))
                    candidates.Add(u);
        var territorial = places.Select(_places.TerritorialUnit).OfType<string>().ToHashSet(StringComparer.Ordinal);
        candidates.UnionWith(territorial);
        var unitIndex = Index(_units.Labels);
        var functionIndex = Index(_functions.Labels);
        var total = places.Sum(p => _placeTotals.GetValueOrDefault(p));
        var list = candidates.Order(StringComparer.Ordinal).ToArray();
        var features = list.Select(u =>
        {
            var pu = unitIndex.TryGetValue(u, out var ui) ? pUnit[ui] : 0;
            var pf = functionIndex.TryGetValue(_parts.Function(u), out var fi) ? pFunction[fi] : 0;
            var n = places.Sum(p => _byPlace.GetValueOrDefault(p)?.GetValueOrDefault(u) ?? 0);
            var own = territorial.Contains(u);
            var prior = places.Count == 0 ? 1
                : (n + (own ? Smoothing : 0) + 0.1) / (total + Smoothing + 0.1 * list.Length);
            var area = _parts.Area(u);
            var match = area is null || places.Count == 0 ? 0
                : places.Contains(area) || counties.Contains(area) ? 1 : -1;
            return new[]
            {
                Math.Log(Math.Max(pu, Floor)), Math.Log(Math.Max(pf, Floor)), Math.Log(prior), own ? 1 : 0, match,
                area is not null && places.Count == 0 ? 1 : 0,
            };
        }).ToArray();
        return new Evidence(list, features, places);
    }

    private Dictionary<string, int>? _unitIndex, _functionIndex;
    private Dictionary<string, int> Index(IReadOnlyList<string> labels) => ReferenceEquals(labels, _units.Labels)
        ? _unitIndex ??= Positions(labels)
        : _functionIndex ??= Positions(labels);

    private static Dictionary<string, int> Positions(IReadOnlyList<string> labels) =>
        labels.Select((l, i) => (l, i)).ToDictionary(t => t.l, t => t.i, StringComparer.Ordinal);

    private static IEnumerable<int> Top(double[] p, int k) =>
        Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).Take(k);

    private static double Score(double[] f, CityRouterWeights w) =>
        w.Unit * f[0] + w.Function * f[1] + w.Place * f[2] + w.Territorial * f[3] + w.AreaMatch * f[4]
        - w.Unplaced * f[5];

    private static List<Ranked> Rank(Evidence e, CityRouterWeights w, int k)
    {
        var s = e.Features.Select(f => Score(f, w)).ToArray();
        var max = s.Max();
        var ex = s.Select(v => Math.Exp((v - max) / w.Temperature)).ToArray();
        var z = ex.Sum();
        return Enumerable.Range(0, s.Length).OrderByDescending(i => s[i])
            .ThenBy(i => e.Candidates[i], StringComparer.Ordinal).Take(k)
            .Select(i => new Ranked(e.Candidates[i], ex[i] / z)).ToList();
    }

    public CityRoute Route(RoutingExample x, int k = 3)
    {
        var ex = Example(x);
        var e = Gather(x, _units.Probabilities(ex), _functions.Probabilities(ex));
        var top = Rank(e, Weights, k);
        return new CityRoute(top, top[0].Probability < Weights.AbstainBelow, e.Places);
    }

    public IReadOnlyList<CityRoute> RouteBatch(IReadOnlyList<RoutingExample> rows, int k = 3) =>
        Evidences(rows).Select(e =>
        {
            var top = Rank(e, Weights, k);
            return new CityRoute(top, top[0].Probability < Weights.AbstainBelow, e.Places);
        }).ToList();

    private List<Evidence> Evidences(IReadOnlyList<RoutingExample> rows)
    {
        var examples = rows.Select(x => Example(x)).ToList();
        var pu = _units.ProbabilitiesBatch(examples);
        var pf = _functions.ProbabilitiesBatch(examples);
        return rows.Select((x, i) => Gather(x, pu[i], pf[i])).ToList();
    }

    private sealed record Saved(CityRouterWeights Weights, Dictionary<string, Dictionary<string, int>> ByPlace);

    /// <summary>Writes the two text models and the weights and place counts to a model directory.</summary>
    public void Save(string dir)
    {
        Directory.CreateDirectory(dir);
        _units.Save(Path.Combine(dir, "units.zip"));
        _functions.Save(Path.Combine(dir, "functions.zip"));
        File.WriteAllText(Path.Combine(dir, "router.json"), JsonSerializer.Serialize(new Saved(Weights, _byPlace)));
    }

    /// <summary>Reads a saved router; places and unit functions come from the warehouse's profile.</summary>
    public static CityRouter Load(string dir, ReferenceData reference)
    {
        var saved = JsonSerializer.Deserialize<Saved>(File.ReadAllText(Path.Combine(dir, "router.json")))
            ?? throw new InvalidDataException($"{dir}/router.json is empty");
        return new CityRouter(TextClassifier.Load(Path.Combine(dir, "units.zip")),
            TextClassifier.Load(Path.Combine(dir, "functions.zip")), new NamedPlaces(reference),
            new UnitParts(reference), saved.ByPlace, saved.Weights);
    }

    /// <summary>Grid search of the weights on held-back cases (top-1), then temperature (log-loss) and
    /// abstain.</summary>
    private CityRouterWeights Tune(IReadOnlyList<RoutingExample> held)
    {
        var evidence = Evidences(held);
        var truth = held.Select(x => x.LeadUnit!).ToList();
        double Accuracy(CityRouterWeights w) => evidence.Select((e, i) =>
        {
            var best = 0;
            var bestScore = double.NegativeInfinity;
            for (var j = 0; j < e.Candidates.Length; j++)
            {
                var s = Score(e.Features[j], w);
                if (s > bestScore) (best, bestScore) = (j, s);
            }
            return e.Candidates[best] == truth[i];
        }).Count(ok => ok) / (double)held.Count;

        (double Acc, CityRouterWeights W) top = (-1, new CityRouterWeights(1, 0, 0, 0, 0, 0));
        foreach (var a0 in new[] { 0.5, 1 })
            foreach (var a1 in new[] { 0, 0.5, 1 })
                foreach (var a2 in new[] { 0, 0.5, 1 })
                    foreach (var b in new[] { 0, 1, 2 })
                        foreach (var c in new[] { 0, 1, 2, 4 })
                            foreach (var d in new[] { 0, 1, 2 })
                            {
                                var w = new CityRouterWeights(a0, a1, a2, b, c, d);
                                var acc = Accuracy(w);
                                // Ties go to the earlier (simpler) combination in the grid.
                                if (acc > top.Acc + 1e-9) top = (acc, w);
                            }
        var temperature = new[] { 0.5, 0.75, 1, 1.5, 2, 3 }.MinBy(t => evidence.Select((e, i) =>
            -Math.Log(Math.Max(1e-9, Rank(e, top.W with { Temperature = t }, int.MaxValue)
                .FirstOrDefault(r => r.Label == truth[i]).Probability))).Sum());
        var tuned = top.W with { Temperature = temperature };
        var tops = evidence.Select((e, i) => (Rank(e, tuned, 1)[0], truth[i])).ToList();
        // Abstain below the lowest confidence at which the answers kept are right four times in five.
        var abstain = new[] { 0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7 }.FirstOrDefault(t =>
        {
            var kept = tops.Where(r => r.Item1.Probability >= t).ToList();
            return kept.Count > 0 && kept.Count(r => r.Item1.Label == r.Item2) >= 0.8 * kept.Count;
        }, 0.7);
        return tuned with { AbstainBelow = abstain };
    }
}

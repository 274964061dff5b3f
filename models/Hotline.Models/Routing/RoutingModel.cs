namespace Hotline.Models.Routing;

/// <summary>
/// The dispatch assistant's model: a text classifier gives P(category | ticket); history gives P(unit kind |
/// category); the ticket's place turns a unit kind into a unit. So P(unit) = Σ_c P(c | text) · Σ_k P(k | c) ·
/// [kind k at this place is that unit]. Emergencies, abstention and the deadline follow from the same numbers.
/// Thread-safe for prediction.
/// </summary>
public sealed class RoutingModel
{
    public const string CategoryModelFile = "category.zip";
    public const string TablesFile = "tables.json";

    private readonly TextClassifier _categories;
    private readonly RouteTemplates _templates;
    private readonly UnitDirectory _units;
    private readonly WorkingCalendar _calendar;
    private readonly Dictionary<string, Category> _categoryInfo;

    public RoutingTables Tables { get; }
    /// <summary>"Now" for a request that says nothing of when it was received (deadlines count from it).</summary>
    public ChinaClock Clock { get; set; } = ChinaClock.System;
    public TextClassifier CategoryClassifier => _categories;

    public RoutingModel(TextClassifier categories, RoutingTables tables, ReferenceData reference)
    {
        _categories = categories;
        Tables = tables;
        _units = new UnitDirectory(reference);
        _calendar = new WorkingCalendar(reference.Holidays);
        _templates = new RouteTemplates(_units);
        _templates.Import(tables.UtilityAreas);
        _categoryInfo = reference.Categories.ToDictionary(c => c.Code);
    }

    public static TextExample ToExample(RouteRequest r) => new()
    {
        Title = r.Title ?? "",
        Body = r.Content,
        Context = string.Join(' ', new[]
        {
            "rt_" + (r.RequestType ?? "none"), "ch_" + (r.Channel ?? "none"), "d_" + (r.District ?? "none"),
            "pc_" + (r.IntakeCategory ?? "none"),
        }),
    };

    public RouteSuggestion Suggest(RouteRequest request) =>
        Suggest(request, _categories.Probabilities(ToExample(request)));

    /// <summary>Builds the suggestion from category probabilities (batch evaluation computes those in bulk).</summary>
    public RouteSuggestion Suggest(RouteRequest request, double[] categoryProbabilities)
    {
        var labels = _categories.Labels;
        var order = Enumerable.Range(0, categoryProbabilities.Length).OrderByDescending(i => categoryProbabilities[i])
            .ToArray();
        var district = request.District ?? _units.CountyOf(request.Township);
        var territorial = district is null ? SpecialUnits.Centre : $"D-{district}";
        var units = new Dictionary<string, double>(StringComparer.Ordinal);
        var reasons = new List<string>();
        double emergency = 0, covered = 0;
        foreach (var i in order)
        {
            var p = categoryProbabilities[i];
            if (covered > 0.999 || p < 1e-4) break;
            covered += p;
            var cat = labels[i];
            emergency += p * Tables.EmergencyShare(cat);
            if (!Tables.TemplateGivenCategory.TryGetValue(cat, out var kinds)) continue;
            foreach (var (kind, pk) in kinds)
            {
                // G12: when the place the unit kind needs is missing, the territorial government takes it.
                var unit = kind == RoutingLabels.Centre ? SpecialUnits.Centre
                    : _templates.Resolve(kind, district, request.Township) ?? territorial;
                units[unit] = units.GetValueOrDefault(unit) + p * pk;
            }
        }
        var total = units.Values.Sum();
        var top = units.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(3)
            .Select(kv => new UnitChoice(kv.Key, _units.Find(kv.Key)?.Name, total > 0 ? kv.Value / total : 0)).ToList();
        var cats = order.Take(3).Select(i => new CategoryChoice(labels[i],
            labels[i] == RoutingLabels.Centre ? "热线中心直接办理" : _categoryInfo.GetValueOrDefault(labels[i])?.Name,
                categoryProbabilities[i])).ToList();
        reasons.Add("text reads as " + string.Join("; ", cats.Select(c => $"{c.Name ?? c.Code} {c.Probability:P0}")));

        var bestCat = labels[order[0]];
        var lead = top.FirstOrDefault();
        var byModel = emergency >= Tables.EmergencyThreshold;
        var danger = Tables.UseLexicon ? EmergencyLexicon.Match(request.Title ?? "", request.Content) : null;
        var isEmergency = byModel || danger is not null;
        Disposition disposition;
        if (isEmergency)
        {
            var service = top.FirstOrDefault(u => SpecialUnits.IsEmergencyService(u.UnitId))
                ?? units.Where(kv => SpecialUnits.IsEmergencyService(kv.Key)).OrderByDescending(kv => kv.Value)
                    .Select(kv => new UnitChoice(kv.Key, _units.Find(kv.Key)?.Name, kv.Value / Math.Max(total, 1e-9)))
                        .FirstOrDefault();
            if (!byModel && danger is { } d) service = new UnitChoice(d.Service, _units.Find(d.Service)?.Name,
                emergency);
            lead = service ?? new UnitChoice(SpecialUnits.Police, _units.Find(SpecialUnits.Police)?.Name, emergency);
            disposition = DispositionExtensions.TransferTo(lead.UnitId) ?? Disposition.Transfer110;
            reasons.Add(byModel
                ? $"emergency likelihood {emergency:P0} ≥ threshold {Tables.EmergencyThreshold:P1}: transfer at once"
                : $"danger words \"{danger!.Value.Term}\" (model likelihood {emergency:P0}): "
                    + "transfer at once, recall before precision");
        }
        else if (lead is { UnitId: SpecialUnits.Centre })
        {
            // The centre keeps it: say why (DOMAIN.md §Disposition), from what the text most likely is.
            disposition = _categoryInfo.GetValueOrDefault(bestCat)?.Disposition is { } kept && kept.IsCentreKept()
                ? kept : Disposition.Centre;
            reasons.Add(disposition switch
            {
                Disposition.KbAnswer => "a consultation the knowledge base answers: reply directly, no dispatch",
                Disposition.LegalChannel =>
                    "already in (or belongs to) a court, arbitration, review or petition "
                        + "channel: explain that channel, no dispatch",
                Disposition.OutsideCity => "outside this city's jurisdiction: refer the caller to the competent place",
                _ => "the centre handles it directly",
            });
        }
        else disposition = Disposition.Dispatch;

        var confidence = lead?.Probability ?? 0;
        var abstain = !isEmergency && confidence < Tables.AbstainThreshold;
        if (abstain)
        {
            disposition = Disposition.Abstain;
            reasons.Add($"confidence {confidence:P0} below {Tables.AbstainThreshold:P0}: needs a dispatcher "
                + "(or a joint meeting)");
        }
        if (lead is not null && disposition == Disposition.Dispatch)
        {
            var kind = RouteTemplates.TemplateOf(lead.UnitId);
            reasons.Add($"{_categoryInfo.GetValueOrDefault(bestCat)?.Name ?? bestCat} is handled by {kind} "
                + $"units; place {district ?? "unknown"} → {lead.UnitId}");
        }

        var assists = new List<string>();
        if (lead is not null && disposition is Disposition.Dispatch or Disposition.Abstain
            && Tables.Assists.TryGetValue($"{bestCat}|{RouteTemplates.TemplateOf(lead.UnitId)}", out var assistKinds))
            assists = assistKinds.Select(k => _templates.Resolve(k, district, request.Township)).OfType<string>()
                .Where(u => u != lead.UnitId).Distinct().ToList();

        var tier = isEmergency ? "2h" : Tables.TierByCategory.GetValueOrDefault(bestCat);
        DateTime? due = null;
        if (tier is not null && lead is not null && disposition != Disposition.Centre)
            due = _calendar.DueAt(request.ReceivedAt ?? Clock.Now, tier, _units.Find(lead.UnitId)?.AlwaysOn ?? false);

        return new RouteSuggestion
        {
            Disposition = disposition, Units = top, LeadUnit = lead?.UnitId, AssistUnits = assists, Categories = cats,
            Tier = tier,
            DueAt = due, Confidence = confidence, EmergencyProbability = emergency, Abstain = abstain,
            Reasons = reasons,
        };
    }

    public void Save(string dir)
    {
        Directory.CreateDirectory(dir);
        _categories.Save(Path.Combine(dir, CategoryModelFile));
        File.WriteAllText(Path.Combine(dir, TablesFile),
            JsonSerializer.Serialize(Tables, new JsonSerializerOptions { WriteIndented = false }));
    }

    public static RoutingModel Load(string dir, ReferenceData? reference = null)
    {
        var model = Path.Combine(dir, CategoryModelFile);
        if (!File.Exists(model)) throw new FileNotFoundException($"no routing model in {dir}: "
            + "run `hotline train` first", model);
        var tables = JsonSerializer.Deserialize<RoutingTables>(File.ReadAllText(Path.Combine(dir, TablesFile)))
            ?? throw new InvalidDataException($"{dir}/{TablesFile} is empty");
        return new RoutingModel(TextClassifier.Load(model), tables, reference ?? ReferenceData.Default);
    }
}

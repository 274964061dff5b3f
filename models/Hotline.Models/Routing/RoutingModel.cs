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
    private readonly UnitKindNames _kindNames;
    private readonly PlaceFinder _places;
    private readonly DispatchCatalogue _catalogue;
    private readonly SafetyLayer _safety;
    private readonly Dictionary<string, int> _labelIndex;
    private readonly (string Key, string UnitId)[] _operators;

    public RoutingTables Tables { get; }
    /// <summary>"Now" for a request that says nothing of when it was received (deadlines count from it).</summary>
    public ChinaClock Clock { get; set; } = ChinaClock.System;
    public TextClassifier CategoryClassifier => _categories;

    public RoutingModel(TextClassifier categories, RoutingTables tables, ReferenceData reference,
        DispatchCatalogue? catalogue = null)
    {
        _catalogue = catalogue ?? DispatchCatalogue.Default;
        _safety = new SafetyLayer(_catalogue);
        _categories = categories;
        Tables = tables;
        _units = new UnitDirectory(reference);
        _calendar = new WorkingCalendar(reference.Holidays);
        _templates = new RouteTemplates(_units);
        _templates.Import(tables.UtilityAreas);
        _categoryInfo = reference.Categories.ToDictionary(c => c.Code);
        _kindNames = new UnitKindNames(_units);
        _places = new PlaceFinder(reference);
        _operators = reference.Units.Where(u => u.Utility == "telecom").Select(u => u.Name.StartsWith("中国",
            StringComparison.Ordinal) ? (u.Name[2..4], u.UnitId) : (u.Name[..2], u.UnitId)).ToArray();
        _labelIndex = categories.Labels.Select((l, i) => (l, i))
            .ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
    }

    private string? NameOf(string unitId) => _units.Find(unitId)?.Name ?? _kindNames.Name(unitId);

    /// <summary>
    /// The text the classifier reads: title and content as one text, nothing else. Callers of `hotline route` and
    /// POST /v1/route send content only, so the model must not lean on a separate title bag or on intake fields
    /// (channel, request type, the call-taker's pre-selected category) that such requests lack: with them it had
    /// learnt "no pre-selection, no title → the centre" (issue #18).
    /// </summary>
    public static TextExample ToExample(RouteRequest r) => new()
    {
        Body = string.IsNullOrWhiteSpace(r.Title) ? r.Content : r.Title + "。" + r.Content,
    };

    /// <summary>One ticket for a dispatcher: the suggestion with its Chinese card.</summary>
    public RouteSuggestion Suggest(RouteRequest request)
    {
        var s = Suggest(request, _categories.Probabilities(ToExample(request)));
        return s with { Card = DispatchCard.Lines(s, NameOf) };
    }

    /// <summary>
    /// Builds the suggestion from category probabilities (batch evaluation and the streaming writer compute those in
    /// bulk, and store no card: only <see cref="Suggest(RouteRequest)"/> renders one).
    /// </summary>
    public RouteSuggestion Suggest(RouteRequest request, double[] categoryProbabilities)
    {
        var labels = _categories.Labels;
        var order = Enumerable.Range(0, categoryProbabilities.Length).OrderByDescending(i => categoryProbabilities[i])
            .ToArray();
        var reasons = new List<string>();
        var (district, township) = Place(request, reasons);
        var units = new Dictionary<string, double>(StringComparer.Ordinal);
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
                var unit = kind == RoutingLabels.Centre ? SpecialUnits.Centre
                    : kind == "U-TELECOM" && OperatorNamed(request.Title + request.Content) is { } op ? op
                    : UnitFor(kind, district, township);
                units[unit] = units.GetValueOrDefault(unit) + p * pk;
            }
        }
        var total = units.Values.Sum();
        var top = units.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(3)
            .Select(kv => new UnitChoice(kv.Key, NameOf(kv.Key), total > 0 ? kv.Value / total : 0)).ToList();
        var cats = order.Take(3).Select(i => new CategoryChoice(labels[i],
            labels[i] == RoutingLabels.Centre ? "热线中心直接办理" : _categoryInfo.GetValueOrDefault(labels[i])?.Name,
                categoryProbabilities[i])).ToList();
        reasons.Add("文本最接近：" + string.Join("；", cats.Select(c => $"{c.Name ?? c.Code} {c.Probability:P0}")));

        var bestCat = labels[order[0]];
        var lead = top.FirstOrDefault();
        var findings = Tables.UseLexicon ? _safety.FindAll(request.Title + "。" + request.Content) : [];
        var urgent = SafetyLayer.Choose(findings, code => _labelIndex.TryGetValue(code, out var k)
            ? categoryProbabilities[k] : 0);
        if (urgent is null && findings.FirstOrDefault() is { } f)
            reasons.Add($"提到“{f.Expression}”，但有“{f.NotUrgentCue}”：不像正在发生，按文本判断");
        // The model's emergency: its likelihood over the threshold chosen on validation, or an emergency category
        // read first (a fight the text plainly describes must not wait for the likelihood to add up).
        var byModel = emergency >= Tables.EmergencyThreshold || Tables.EmergencyShare(bestCat) >= 0.5
            || SpecialUnits.IsEmergencyService(lead?.UnitId);
        var emergencyFinding = urgent is { Entry.Safety: SafetyLevel.Emergency } ? urgent : null;
        var hazard = urgent is { Entry.Safety: SafetyLevel.Hazard2h } ? urgent : null;
        // A two-hour hazard the catalogue recognises (gas smell, burst main) goes to its unit even when the
        // model leans towards a transfer, unless the model reads an emergency category outright.
        if (hazard is not null && Tables.EmergencyShare(bestCat) >= 0.5) hazard = null;
        else if (hazard is not null) byModel = false;
        var isEmergency = byModel || emergencyFinding is not null;
        CatalogueCitation? citation = null;
        Disposition disposition;
        if (isEmergency)
        {
            var service = emergencyFinding is not null ? ServiceOf(emergencyFinding.Entry) : null;
            service ??= top.FirstOrDefault(u => SpecialUnits.IsEmergencyService(u.UnitId))?.UnitId
                ?? units.Where(kv => SpecialUnits.IsEmergencyService(kv.Key)).OrderByDescending(kv => kv.Value)
                    .Select(kv => kv.Key).FirstOrDefault() ?? SpecialUnits.Police;
            lead = new UnitChoice(service, NameOf(service), Math.Max(emergency,
                units.GetValueOrDefault(service) / Math.Max(total, 1e-9)));
            disposition = DispositionExtensions.TransferTo(service) ?? Disposition.Transfer110;
            if (emergencyFinding is not null)
            {
                citation = Cite(emergencyFinding);
                reasons.Add($"派单目录“{emergencyFinding.Entry.Name}”：来电说“{emergencyFinding.Expression}”"
                    + (emergencyFinding.UrgentCue is { } cue ? $"，且“{cue}”" : "")
                    + $"，属紧急事项，立即转{lead.Name ?? service}（宁可多转，不可漏转）");
            }
            else
                reasons.Add($"紧急可能性 {emergency:P0}（阈值 {Math.Min(1, Tables.EmergencyThreshold):P1}），"
                    + $"文本最像“{cats[0].Name}”：立即转{lead.Name ?? service}");
        }
        else if (hazard is not null)
        {
            bestCat = hazard.Entry.Code;
            var kind = KindOfRule(hazard.Entry.Lead);
            var unit = kind is null ? lead?.UnitId ?? SpecialUnits.Centre : UnitFor(kind, district, township);
            lead = new UnitChoice(unit, NameOf(unit), Math.Max(units.GetValueOrDefault(unit) / Math.Max(total, 1e-9),
                0.5));
            top = top.Where(u => u.UnitId != unit).Prepend(lead).Take(3).ToList();
            disposition = Disposition.Dispatch;
            citation = Cite(hazard);
            reasons.Add($"派单目录“{hazard.Entry.Name}”：来电说“{hazard.Expression}”"
                + (hazard.UrgentCue is { } cue ? $"，且“{cue}”" : "") + "，属2小时内处置的安全隐患，"
                + $"由{lead.Name ?? unit}牵头");
        }
        else if (lead is { UnitId: SpecialUnits.Centre })
        {
            // The centre keeps a ticket only for a reason the regulations name (DOMAIN.md §Disposition), read from
            // the category; a centre lead for any other category is not a decision the assistant can make alone.
            disposition = _categoryInfo.GetValueOrDefault(bestCat)?.Disposition is { } kept && kept.IsCentreKept()
                ? kept : Disposition.Abstain;
            reasons.Add(disposition switch
            {
                Disposition.KbAnswer => "属知识库可答复的咨询：直接答复，不派单",
                Disposition.LegalChannel => "已进入（或应走）诉讼、仲裁、复议、信访渠道：告知渠道，不派单",
                Disposition.OutsideCity => "不属本市管辖：告知来电人向有管辖权的地方反映",
                _ => "承办单位不明：请人工确认",
            });
        }
        else disposition = Disposition.Dispatch;

        var confidence = lead?.Probability ?? 0;
        var abstain = disposition == Disposition.Abstain
            || !isEmergency && hazard is null && confidence < Tables.AbstainThreshold;
        if (abstain)
        {
            disposition = Disposition.Abstain;
            reasons.Add($"把握 {confidence:P0}，低于 {Tables.AbstainThreshold:P0}：请人工确认（候选见上）；"
                + "职责不清的提请联席会议明确");
        }
        if (lead is not null && disposition == Disposition.Dispatch && hazard is null)
            reasons.Add($"“{_categoryInfo.GetValueOrDefault(bestCat)?.Name ?? bestCat}”历来由"
                + $"{KindLabel(lead.UnitId)}办理：{(district is null ? "所在区县不明，请向来电人确认" : "按属地")}"
                + $"派{lead.Name ?? lead.UnitId}");
        citation ??= _catalogue.Find(bestCat) is { } entry ? new CatalogueCitation(entry.Code, entry.Name,
            entry.Definition, null, _catalogue.Version) : null;

        var assists = new List<string>();
        if (lead is not null && disposition is Disposition.Dispatch or Disposition.Abstain
            && Tables.Assists.TryGetValue($"{bestCat}|{RouteTemplates.TemplateOf(lead.UnitId)}", out var assistKinds))
            assists = assistKinds.Select(k => _templates.Resolve(k, district, township)).OfType<string>()
                .Where(u => u != lead.UnitId).Distinct().ToList();

        var tier = isEmergency || hazard is not null ? "2h" : Tables.TierByCategory.GetValueOrDefault(bestCat);
        DateTime? due = null;
        if (tier is not null && lead is not null && disposition is not (Disposition.Centre or Disposition.KbAnswer
            or Disposition.LegalChannel or Disposition.OutsideCity))
            due = _calendar.DueAt(request.ReceivedAt ?? Clock.Now, tier, _units.Find(lead.UnitId)?.AlwaysOn ?? false);

        return new RouteSuggestion
        {
            Disposition = disposition, Units = top, LeadUnit = lead?.UnitId, AssistUnits = assists, Categories = cats,
            Tier = tier, DueAt = due, Confidence = confidence, EmergencyProbability = emergency, Abstain = abstain,
            Reasons = reasons, District = district, Township = township, Catalogue = citation,
            Safety = urgent?.Entry.Safety is { } level && level != SafetyLevel.None ? level.Code() : null,
        };
    }

    /// <summary>The request's place, else the one its text names (the reason says so).</summary>
    private (string? District, string? Township) Place(RouteRequest request, List<string> reasons)
    {
        var district = request.District ?? _units.CountyOf(request.Township);
        if (district is not null) return (district, request.Township);
        var found = _places.Find(request.Title + request.Content, _units);
        if (found.County is { } county) reasons.Add($"地点取自来电内容：{_units.Area(found.Township ?? county)?.Name}");
        return found;
    }

    /// <summary>
    /// G12: a kind's unit at the place; when the township it needs is unknown the county government takes it;
    /// when the county too is unknown the kind itself stands for the unit and the dispatcher asks the caller.
    /// </summary>
    private string UnitFor(string kind, string? district, string? township) =>
        _templates.Resolve(kind, district, township) ?? (district is null ? kind : $"D-{district}");

    /// <summary>
    /// The telecom operator the caller names (中国移动 → 移动): a county has several, and history's most frequent one
    /// is right for only about a third of tickets (the routing watchdog's figure on the demo).
    /// </summary>
    private string? OperatorNamed(string text)
    {
        foreach (var (key, unitId) in _operators)
            if (text.Contains(key, StringComparison.Ordinal)) return unitId;
        return null;
    }

    private static string? ServiceOf(CatalogueEntry e) =>
        e.Lead.StartsWith("external:", StringComparison.Ordinal) ? "E-" + e.Lead[9..] : null;

    /// <summary>The unit kind a catalogue lead rule names (county_dept:JY → CD-JY, utility:gas → U-GAS).</summary>
    private static string? KindOfRule(string rule)
    {
        var i = rule.IndexOf(':');
        var (kind, arg) = i >= 0 ? (rule[..i], rule[(i + 1)..]) : (rule, "");
        return kind switch
        {
            "county_dept" => "CD-" + arg,
            "utility" => "U-" + arg.ToUpperInvariant(),
            "city" => "C-" + arg,
            "county" => "D",
            "township" => "T",
            "external" => "E-" + arg,
            _ => null,
        };
    }

    private string KindLabel(string unitId) => RouteTemplates.TemplateOf(unitId) is var kind && kind == unitId
        ? NameOf(unitId) ?? unitId : _kindNames.Plain(kind);

    private CatalogueCitation Cite(SafetyFinding f) =>
        new(f.Entry.Code, f.Entry.Name, f.Entry.Definition, f.Expression, _catalogue.Version);

    public void Save(string dir)
    {
        Directory.CreateDirectory(dir);
        _categories.Save(Path.Combine(dir, CategoryModelFile));
        File.WriteAllText(Path.Combine(dir, TablesFile),
            JsonSerializer.Serialize(Tables, new JsonSerializerOptions { WriteIndented = false }));
    }

    public static RoutingModel Load(string dir, ReferenceData? reference = null, DispatchCatalogue? catalogue = null)
    {
        var model = Path.Combine(dir, CategoryModelFile);
        if (!File.Exists(model)) throw new FileNotFoundException($"no routing model in {dir}: "
            + "run `hotline train` first", model);
        var tables = JsonSerializer.Deserialize<RoutingTables>(File.ReadAllText(Path.Combine(dir, TablesFile)))
            ?? throw new InvalidDataException($"{dir}/{TablesFile} is empty");
        return new RoutingModel(TextClassifier.Load(model), tables, reference ?? ReferenceData.Default, catalogue);
    }
}

using Hotline.Models.Evaluation;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline evaluate natural`: the promoted dispatch assistant on a naturally worded set (content only, as
/// `hotline route` and POST /v1/route take tickets), next to the plain peer trained on the same history window.
/// </summary>
public static class EvaluateNaturalCommand
{
    public static Command Build()
    {
        var db = Cli.DbOption();
        var input = Cli.Opt<string>("--input", "a naturally worded set (CSV: id, content, district, category, "
            + "unit_kind, disposition, safety[, style])", "models/sets/natural/dev.csv");
        var json = Cli.Opt<bool>("--json", "machine-readable output");
        var explain = Cli.Opt<bool>("--explain", "list every miss with the assistant's answer");
        var noPeer = Cli.Opt<bool>("--no-peer", "skip the plain peer (it trains for about a minute)");
        var cmd = new Command("natural",
            "The dispatch assistant on naturally worded tickets: unit top-1/top-3, emergencies transferred, two-hour "
                + "hazards placed, tickets wrongly kept by the centre; the plain peer beside it.")
            { db, input, json, explain, noPeer };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var set = NaturalSet.Load(p.GetValue(input)!);
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            var registry = new ModelRegistry(warehouse);
            var run = registry.CurrentPromoted(ModelRegistry.Routing)
                ?? throw new FileNotFoundException("no trained routing model: run `hotline train` first");
            var model = RoutingModel.Load(registry.VersionDir(run));
            var assistant = NaturalEvaluation.Score(set, t => Answer(model.Suggest(new RouteRequest
            {
                Content = t.Content, District = t.District, ReceivedAt = ChinaClock.System.Now,
            })));
            NaturalMetrics? peer = null;
            if (!p.GetValue(noPeer))
            {
                var windows = new RoutingTrainOptions();
                var split = RoutingData.Split(RoutingData.Load(warehouse), windows.TestDays, windows.ValidationDays,
                    windows.MaxTrainRows);
                var trained = PlainPeer.Train(split.Train, windows.Seed);
                peer = NaturalEvaluation.Score(set, t => trained.Answer(t.Content));
            }
            if (p.GetValue(json))
            {
                var d = new Dictionary<string, object?>
                {
                    ["set"] = p.GetValue(input), ["model_version"] = run.Version, ["assistant"] = ToJson(assistant),
                    ["peer"] = peer is null ? null : ToJson(peer),
                };
                if (p.GetValue(explain)) d["misses"] = Misses(assistant).Select(o => new
                {
                    id = o.Ticket.Id, expected = o.Ticket.UnitKind, expected_disposition = o.Ticket.Disposition,
                    got = o.Answer.UnitKinds, disposition = o.Answer.Disposition, category = o.Answer.Category,
                }).ToList();
                Console.WriteLine(JsonSerializer.Serialize(d, Json.Options));
                return 0;
            }
            Print(assistant, peer, run.Version, set.Count);
            if (p.GetValue(explain))
                foreach (var o in Misses(assistant))
                    AnsiConsole.MarkupLine(Markup.Escape($"{o.Ticket.Id} {o.Ticket.UnitKind}/"
                        + $"{o.Ticket.Disposition.Code()} ← {string.Join(",", o.Answer.UnitKinds)}/"
                        + $"{o.Answer.Disposition.Code()} {o.Answer.Category}: {Short(o.Ticket.Content)}"));
            return 0;
        }));
        return cmd;
    }

    public static DispatchAnswer Answer(RouteSuggestion s)
    {
        var kinds = new List<string>();
        foreach (var u in s.LeadUnit is null ? s.Units.Select(u => u.UnitId) : s.Units.Select(u => u.UnitId)
            .Where(u => u != s.LeadUnit).Prepend(s.LeadUnit))
        {
            var kind = RouteTemplates.TemplateOf(u);
            if (!kinds.Contains(kind)) kinds.Add(kind);
        }
        return new DispatchAnswer(kinds, s.Disposition, s.Categories.FirstOrDefault()?.Code);
    }

    private static IEnumerable<NaturalOutcome> Misses(NaturalMetrics m) =>
        m.Outcomes.Where(o => !o.Top1 || !o.SafetyRight);

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static Dictionary<string, object?> ToJson(NaturalMetrics m) => new()
    {
        ["tickets"] = m.Tickets, ["unit_top1"] = Math.Round(m.UnitTop1, 4), ["unit_top3"] = Math.Round(m.UnitTop3, 4),
        ["category_accuracy"] = Math.Round(m.CategoryAccuracy, 4),
        ["disposition_accuracy"] = Math.Round(m.DispositionAccuracy, 4),
        ["emergencies"] = m.Emergencies, ["emergencies_transferred"] = m.EmergenciesTransferred,
        ["hazards_2h"] = m.Hazards, ["hazards_2h_right_unit"] = m.HazardsRight,
        ["false_transfers"] = m.FalseTransfers, ["wrongly_kept_by_centre"] = m.WronglyKept,
        ["abstain_rate"] = Math.Round(m.AbstainRate, 4), ["top1_when_answering"] = Math.Round(m.Top1WhenAnswering, 4),
        ["top1_by_style"] = m.Top1ByStyle.ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 4)),
    };

    private static void Print(NaturalMetrics a, NaturalMetrics? peer, string version, int n)
    {
        var t = new Table().Title($"{n} naturally worded tickets (content only)")
            .AddColumns("", $"assistant {Markup.Escape(version)}", "plain peer (char 1–3 TF-IDF + linear SVM)");
        void Row(string label, Func<NaturalMetrics, string> f) =>
            t.AddRow(Markup.Escape(label), Markup.Escape(f(a)), Markup.Escape(peer is null ? "-" : f(peer)));
        Row("unit top-1 / top-3", m => $"{m.UnitTop1:P1} / {m.UnitTop3:P1}");
        Row("emergencies transferred to the right service", m => $"{m.EmergenciesTransferred} of {m.Emergencies}");
        Row("two-hour hazards to the right unit kind", m => $"{m.HazardsRight} of {m.Hazards}");
        Row("transfers that were not emergencies", m => $"{m.FalseTransfers}");
        Row("kept by the centre though a unit's matter", m => $"{m.WronglyKept}");
        Row("disposition right", m => $"{m.DispositionAccuracy:P1}");
        Row("abstained (请人工确认) / top-1 when answering", m => $"{m.AbstainRate:P1} / {m.Top1WhenAnswering:P1}");
        Row("category right", m => $"{m.CategoryAccuracy:P1}");
        foreach (var style in a.Top1ByStyle.Keys)
            Row($"top-1, {style}", m => m.Top1ByStyle.TryGetValue(style, out var v) ? $"{v:P1}" : "-");
        AnsiConsole.Write(t);
    }
}

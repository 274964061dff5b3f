using Hotline.Models.Knowledge;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline kb import|search` and `hotline evaluate kb`: answered questions as a knowledge base for consultations.
/// </summary>
public static class KbCommand
{
    public static Command Build() =>
        new("kb", "Knowledge base of answered questions: import, search.") { Import(), Search() };

    private static Command Import()
    {
        var db = Cli.DbOption();
        var input = Cli.Required<string>("--input", "CSV with title/body, reply and optionally id, reply_time");
        var source = Cli.Opt<string>("--source", "name of the source (kept with each entry)", "import");
        var cmd = new Command("import", "Import answered questions into the knowledge base (kb_entries).") { db, input,
            source };
        cmd.SetAction(p => Cli.Run(() =>
        {
            if (!File.Exists(p.GetValue(input)!)) throw new FileNotFoundException("input file "
                + $"not found: {p.GetValue(input)}");
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            var n = KbData.Import(warehouse.Connection, KbData.FromCsv(p.GetValue(input)!), p.GetValue(source)!,
                ChinaClock.System.Now);
            Console.WriteLine($"{n:N0} answered questions imported");
            return 0;
        }));
        return cmd;
    }

    private static Command Search()
    {
        var db = Cli.DbOption();
        var json = Cli.Opt<bool>("--json", "machine-readable output");
        var text = new Argument<string>("question") { Description = "the caller's question" };
        var cmd = new Command("search",
            "The closest past answered questions, with their replies (personal data masked).") { db, json, text };
        cmd.SetAction(p => Cli.Run(() =>
        {
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            var matches = new KnowledgeBase(KbData.FromWarehouse(warehouse.Connection)).Nearest(p.GetValue(text)!);
            if (p.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(matches, Json.Options));
            else if (matches.Count == 0) Console.WriteLine("no similar answered question");
            else foreach (var m in matches)
                AnsiConsole.MarkupLine($"[bold]{m.Similarity:0.00}[/] {Markup.Escape(Short(m.Question, 60))}\n  "
                    + $" → {Markup.Escape(Short(m.Reply, 160))}");
            return 0;
        }));
        return cmd;
    }

    private static string Short(string s, int n) => s.Length <= n ? s : s[..n] + "…";

    public static Command Evaluate()
    {
        var input = Cli.Required<string>("--input", "CSV of answered messages (title/body, reply, reply_time)");
        var json = Cli.Opt<bool>("--json", "machine-readable output");
        var min = Cli.Opt<double>("--min-similarity", "cosine below which no answer is offered", 0.2);
        var cmd = new Command("kb",
            "Knowledge-base retrieval on answered messages, split by time: does the closest "
                + "earlier answer come from the unit that actually answered?") { input, json, min };
        cmd.SetAction(p => Cli.Run(() =>
        {
            if (!File.Exists(p.GetValue(input)!)) throw new FileNotFoundException("input file "
                + $"not found: {p.GetValue(input)}");
            var s = KbEvaluation.Run(KbData.FromCsv(p.GetValue(input)!), minSimilarity: p.GetValue(min));
            if (p.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    kb_entries = s.Entries, queries = s.Queries, coverage = Math.Round(s.Coverage, 4),
                    judged = s.Judged,
                    unit_agreement_at_1 = Math.Round(s.UnitAgreement, 4),
                    random_baseline = Math.Round(s.RandomBaseline, 4),
                    mean_similarity = Math.Round(s.MeanSimilarity, 4),
                }, Json.Options));
            else
                AnsiConsole.MarkupLine($"{s.Entries:N0} earlier answers, {s.Queries:N0} later questions; a similar "
                    + $"answer found for {s.Coverage:P1} " +
                    $"(mean similarity {s.MeanSimilarity:0.00}); the closest answer came from the "
                        + $"unit that actually answered in {s.UnitAgreement:P1} " +
                    $"of {s.Judged:N0} judged (random earlier answer: {s.RandomBaseline:P1})");
            return 0;
        }));
        return cmd;
    }
}

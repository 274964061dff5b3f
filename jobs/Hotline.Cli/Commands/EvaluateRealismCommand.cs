using Hotline.Ingest.Csv;
using Hotline.Models.Evaluation;
using Hotline.Models.Text;
using Hotline.Simulator;
using Hotline.Simulator.Realism;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline evaluate realism`: is simulated ticket text like real citizens' text? Classifiers trained on the simulator
/// and on the public 2020 Teddy Cup messages are each scored on the other source and on held-out text of their own,
/// on the 7 first-level classes both share (Realism/teddy2020-classes.csv).
/// </summary>
public static class EvaluateRealismCommand
{
    public static Command Build()
    {
        var input = Cli.Opt<string>("--input", "the public messages CSV (columns text, label)",
            "../shared/data/teddy2020/messages.csv");
        var days = Cli.Opt<int>("--days", "simulated days (the last fifth is held out)", 60);
        var perDay = Cli.Opt("--tickets-per-day", "average simulated tickets per day", 500);
        var seed = Cli.Opt<int>("--seed", "simulator, split and trainer seed", 7);
        var json = Cli.Opt<bool>("--json", "machine-readable output");
        var cmd = new Command("realism",
            "Score classifiers across simulated and real public messages: does what is learnt on "
                + "the simulator carry to real text?")
            { input, days, perDay, seed, json };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var path = p.GetValue(input)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"{path} not found (the "
                + "public messages; see ../shared/data/README.md)");
            var s = p.GetValue(seed);
            var (simTrain, simTest) = Simulated(p.GetValue(days), p.GetValue(perDay), s);
            var real = CsvClassifierEvaluation.Examples(CsvTable.Read(path), ["text"], "label")
                .Select(e => TransferEvaluation.Example(null, e.Body, e.Label)).ToList();
            var (rTrain, rTest) = StratifiedSplit.Split(real.Select(e => e.Label).ToList(), 0.2, s);
            var realTrain = rTrain.Select(i => real[i]).ToList();
            var realTest = rTest.Select(i => real[i]).ToList();
            var results = new List<TransferResult>
            {
                TransferEvaluation.Score("simulator", simTrain, "simulator (held-out days)", simTest, s),
                TransferEvaluation.Score("simulator", simTrain, "real (all messages)", real, s),
                TransferEvaluation.Score("real", realTrain, "real (held-out 20 %)", realTest, s),
                TransferEvaluation.Score("real", realTrain, "simulator (held-out days)", simTest, s),
            };
            if (p.GetValue(json)) Console.WriteLine(ToJson(results));
            else Print(results);
            return 0;
        }));
        return cmd;
    }

    /// <summary>
    /// Created tickets whose category has a public counterpart, split in time: the last fifth of the days is held out.
    /// </summary>
    private static (List<TextExample> Train, List<TextExample> Test) Simulated(int days, int perDay, int seed)
    {
        if (days < 5) throw new ArgumentException("--days must be at least 5 (the last fifth is held out)");
        var options = new SimulatorOptions
        {
            Start = new DateOnly(2025, 1, 1), Days = days, TicketsPerDay = perDay,
            Seed = seed
        };
        var truthDir = Path.Combine(Path.GetTempPath(), $"hotline-realism-{Guid.NewGuid():N}");
        var created = new CreatedTickets();
        try
        {
            using (var truth = new TruthRecorder(truthDir)) new CitySimulator(options).Run(created, truth);
            var category = File.ReadLines(Path.Combine(truthDir, "routing.csv")).Skip(1)
                .Select(CsvLines.Split)
                    .ToDictionary(c => c[0], c => (Category: c[1], Disposition: c[5]), StringComparer.Ordinal);
            var cut = options.Start.AddDays(days - days / 5).ToDateTime(TimeOnly.MinValue);
            var train = new List<TextExample>();
            var test = new List<TextExample>();
            foreach (var e in created.Events)
            {
                // Repeat calls quote their original's title, which may sit in the training days: leaving them out keeps
                // held-out text unseen (and their own wording is the generic "again" register, not the category's).
                var truth = category[e.TicketId];
                if (truth.Disposition == "repeat"
                    || !PublicClasses.Teddy2020.TryGetValue(truth.Category, out var label)) continue;
                (e.OccurredAt < cut ? train : test).Add(TransferEvaluation.Example(e.Title, e.Content, label));
            }
            return (train, test);
        }
        finally
        {
            if (Directory.Exists(truthDir)) Directory.Delete(truthDir, recursive: true);
        }
    }

    private sealed class CreatedTickets : IEventSink
    {
        public List<TicketEvent> Events { get; } = [];
        public void Write(TicketEvent e)
        {
            if (e.Type == EventTypes.Created) Events.Add(e);
        }
    }

    private static string ToJson(List<TransferResult> results) => JsonSerializer.Serialize(results.Select(r => new
    {
        train = r.Train, test = r.Test, train_rows = r.TrainRows, test_rows = r.TestRows,
        macro_f1 = Math.Round(r.Report.MacroF1, 4), accuracy = Math.Round(r.Report.Accuracy, 4),
        per_class = r.Report.Classes.Select(c =>
            new { label = c.Label, support = c.Support, f1 = Math.Round(c.F1, 4) }),
    }), new JsonSerializerOptions
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping
    });

    private static void Print(List<TransferResult> results)
    {
        var t = new Table().AddColumns("trained on", "scored on", "train rows", "test rows", "macro-F1", "accuracy");
        foreach (var r in results)
            t.AddRow(r.Train, Markup.Escape(r.Test), $"{r.TrainRows:N0}", $"{r.TestRows:N0}",
                $"{r.Report.MacroF1:0.000}", $"{r.Report.Accuracy:0.000}");
        AnsiConsole.Write(t);
        var labels = results.SelectMany(r => r.Report.Classes.Select(c => c.Label)).Distinct()
            .Order(StringComparer.Ordinal).ToList();
        var c = new Table().Title("F1 per class").AddColumn("class");
        foreach (var r in results) c.AddColumn(Markup.Escape($"{r.Train} → {r.Test}"));
        foreach (var l in labels)
            c.AddRow([Markup.Escape(l),
                .. results.Select(r => r.Report.Classes.FirstOrDefault(k => k.Label == l) is { } k ? $"{k.F1:0.000}"
                : "-")]);
        AnsiConsole.Write(c);
    }
}

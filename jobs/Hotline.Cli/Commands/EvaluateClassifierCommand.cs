using Hotline.Models.Evaluation;
using Hotline.Models.Text;

namespace Hotline.Cli.Commands;

/// <summary>`hotline evaluate classifier`: the ticket text pipeline trained on one CSV and scored on another.</summary>
public static class EvaluateClassifierCommand
{
    public static Command Build()
    {
        var train = Cli.Required<string>("--train", "labelled training CSV (UTF-8, header row)");
        var test = Cli.Opt<string>("--test", "labelled test CSV with the same columns (or --folds)");
        var folds = Cli.Opt("--folds", "instead of a test file, K-fold cross-validation on TRAIN.csv", 0);
        var text = Cli.Required<string>("--text",
            "text column(s), comma-separated; with two or more the first is the title");
        var label = Cli.Required<string>("--label", "label column");
        var trainer = Cli.Opt<string>("--trainer", $"one of {string.Join(", ", Trainers.Names)}, or 'all' to compare",
            Trainers.Names[0]);
        var seed = Cli.Opt("--seed", "random seed (same seed, same result)", 7);
        var tree = Cli.Opt<string>("--taxonomy",
            "category tree CSV (label column first, the names below it after); default: taxonomy.csv beside TRAIN.csv "
            + "if there is one; 'none' to train on the messages alone");
        var json = Cli.Opt<bool>("--json", "machine-readable output");
        var cmd = new Command("classifier",
            "Train the ticket text classifier on TRAIN.csv and report macro-F1 and accuracy on TEST.csv.")
            { train, test, folds, text, label, trainer, seed, tree, json };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var cols = p.GetValue(text)!.Split(',',
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var which = p.GetValue(trainer)!;
            var names = which == "all" ? Trainers.Names : [which];
            if (names.Any(n =>
                !Trainers.Names.Contains(n))) throw new ArgumentException($"unknown trainer '{which}'; choose "
                    + $"one of {string.Join(", ", Trainers.Names)} or all");
            var treePath = CategoryTree.Resolve(p.GetValue(train)!, p.GetValue(tree));
            if (p.GetValue(folds) > 0) return CrossValidate(p.GetValue(train)!, cols, p.GetValue(label)!, names,
                p.GetValue(seed), p.GetValue(folds), treePath, p.GetValue(json));
            if (p.GetValue(test) is null) throw new ArgumentException("give --test FILE or --folds K");
            var results = names.Select(n =>
                CsvClassifierEvaluation.Run(p.GetValue(train)!, p.GetValue(test)!, cols, p.GetValue(label)!, n,
                DevFeatures(), p.GetValue(seed), treePath)).ToList();
            var best = results.OrderByDescending(r => r.Report.MacroF1).First();
            if (p.GetValue(json)) Console.WriteLine(ToJson(best, results));
            else Print(results);
            return 0;
        }));
        return cmd;
    }

    private static int CrossValidate(string path, string[] cols, string label, string[] trainers, int seed, int folds,
        string? treePath, bool json)
    {
        var rows = trainers.Select(n => (Trainer: n, Result: CsvClassifierEvaluation.CrossValidate(path, cols, label, n,
            DevFeatures(), seed, folds, treePath))).ToList();
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => new
            {
                trainer = r.Trainer, folds, macro_f1 = Math.Round(r.Result.Mean, 4),
                fold_macro_f1 = r.Result.Folds.Select(f => Math.Round(f, 4)),
                taxonomy = treePath is null ? null : Path.GetFileName(treePath),
            }), new JsonSerializerOptions { WriteIndented = true }));
        else
        {
            var t = new Table().AddColumns("trainer", $"macro-F1 ({folds}-fold mean)", "folds");
            foreach (var r in rows)
                t.AddRow(r.Trainer, $"{r.Result.Mean:0.0000}",
                    string.Join(" ", r.Result.Folds.Select(f => $"{f:0.000}")));
            AnsiConsole.Write(t);
            AnsiConsole.MarkupLine(treePath is null ? "category tree: none"
                : $"category tree: {Markup.Escape(treePath)}");
        }
        return 0;
    }

    // Development knobs for the comparison table in docs/models.md (defaults are the chosen configuration:
    // character 1–2-grams without jieba words won by two points in five-fold cross-validation on the real messages).
    private static TextFeatures DevFeatures() => new()
    {
        UseWords = Environment.GetEnvironmentVariable("HOTLINE_WORDS") == "1",
        BalanceClasses = Environment.GetEnvironmentVariable("HOTLINE_BALANCE") != "0",
        CharNgrams = int.Parse(Environment.GetEnvironmentVariable("HOTLINE_CHARS") ?? "2"),
        L2 = float.Parse(Environment.GetEnvironmentVariable("HOTLINE_L2") ?? "1e-4",
            System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string ToJson(CsvEvaluationResult best, List<CsvEvaluationResult> all) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["trainer"] = best.Trainer,
            ["macro_f1"] = Math.Round(best.Report.MacroF1, 4),
            ["accuracy"] = Math.Round(best.Report.Accuracy, 4),
            ["train_seconds"] = Math.Round(best.TrainSeconds, 2),
            ["train_rows"] = best.TrainRows,
            ["taxonomy"] = best.Tree is null ? null : Path.GetFileName(best.Tree),
            ["taxonomy_rows"] = best.TreeRows,
            ["test_rows"] = best.TestRows,
            ["per_class"] = best.Report.Classes.Select(c =>
                new
                {
                    label = c.Label, support = c.Support, precision = Math.Round(c.Precision, 4),
                    recall = Math.Round(c.Recall, 4), f1 = Math.Round(c.F1, 4)
                }),
            ["compared"] = all.Count > 1
            ? all.Select(r =>
            new
            {
                trainer = r.Trainer, macro_f1 = Math.Round(r.Report.MacroF1, 4),
                accuracy = Math.Round(r.Report.Accuracy, 4), train_seconds = Math.Round(r.TrainSeconds, 2)
            }) : null,
        }, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping
        });

    private static void Print(List<CsvEvaluationResult> results)
    {
        var t = new Table().AddColumns("trainer", "macro-F1", "accuracy", "train s", "test rows");
        foreach (var r in results)
            t.AddRow(r.Trainer, $"{r.Report.MacroF1:0.0000}", $"{r.Report.Accuracy:0.0000}", $"{r.TrainSeconds:0.0}",
                $"{r.TestRows}");
        AnsiConsole.Write(t);
        var tree = results[0];
        AnsiConsole.MarkupLine(tree.Tree is null ? "category tree: none"
            : $"category tree: {Markup.Escape(tree.Tree)} ({tree.TreeRows} names added as examples)");
        var best = results.OrderByDescending(r => r.Report.MacroF1).First();
        var c = new Table().Title($"per class ({best.Trainer})")
            .AddColumns("label", "support", "precision", "recall", "F1");
        foreach (var k in best.Report.Classes) c.AddRow(Markup.Escape(k.Label), $"{k.Support}", $"{k.Precision:0.000}",
            $"{k.Recall:0.000}", $"{k.F1:0.000}");
        AnsiConsole.Write(c);
    }
}

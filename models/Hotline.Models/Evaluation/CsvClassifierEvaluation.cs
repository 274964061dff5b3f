using System.Diagnostics;
using Hotline.Ingest.Csv;

namespace Hotline.Models.Evaluation;

public sealed record CsvEvaluationResult(string Trainer, int TrainRows, int TestRows, double TrainSeconds,
    ClassificationReport Report, string? Tree = null, int TreeRows = 0);

/// <summary>
/// Trains the ticket text pipeline on one labelled CSV and scores another: the check a city runs on its own
/// history before trusting the classifier. Several text columns are joined (the first is treated as the title
/// when there are two or more). A category tree (<see cref="CategoryTree"/>) adds its names as short examples.
/// </summary>
public static class CsvClassifierEvaluation
{
    public static CsvEvaluationResult Run(string trainPath, string testPath, IReadOnlyList<string> textColumns,
        string labelColumn,
        string trainer, TextFeatures features, int seed, string? treePath = null)
    {
        var train = Examples(CsvTable.Read(trainPath), textColumns, labelColumn);
        var test = Examples(CsvTable.Read(testPath), textColumns, labelColumn);
        if (train.Count == 0) throw new InvalidDataException($"{trainPath} has no labelled rows");
        var messages = train.Count;
        var tree = treePath is null ? [] : CategoryTree.Examples(treePath, train.Select(t => t.Label).ToHashSet());
        train.AddRange(tree);
        var sw = Stopwatch.StartNew();
        var model = TextClassifier.Train(train,
            features with { UseContext = false, SeparateTitle = features.SeparateTitle && textColumns.Count >= 2 },
            trainer, seed);
        var seconds = sw.Elapsed.TotalSeconds;
        var probs = model.ProbabilitiesBatch(test);
        var predicted = probs.Select(p => model.Labels[Array.IndexOf(p, p.Max())]).ToList();
        return new CsvEvaluationResult(trainer, messages, test.Count, seconds,
            ClassificationReport.From(test.Select(t => t.Label).ToList(), predicted), treePath, tree.Count);
    }

    /// <summary>
    /// K-fold cross-validation on one labelled CSV (stratified, seeded): every message is scored once by a model
    /// that did not see it, so configurations are compared on all the data rather than on one small validation
    /// split (350 messages move macro-F1 by ±1.5 points from one split to the next). The tree joins every fold's
    /// training part.
    /// </summary>
    public static (double Mean, IReadOnlyList<double> Folds) CrossValidate(string path,
        IReadOnlyList<string> textColumns, string labelColumn, string trainer, TextFeatures features, int seed,
        int folds, string? treePath = null)
    {
        var all = Examples(CsvTable.Read(path), textColumns, labelColumn);
        var tree = treePath is null ? [] : CategoryTree.Examples(treePath, all.Select(t => t.Label).ToHashSet());
        var fold = StratifiedSplit.Folds(all.Select(t => t.Label).ToList(), folds, seed);
        var scores = new List<double>();
        var f = features with { UseContext = false, SeparateTitle = features.SeparateTitle && textColumns.Count >= 2 };
        for (var k = 0; k < folds; k++)
        {
            // Fresh copies: training fills each example's words and weight in place.
            var train = all.Where((_, i) => fold[i] != k).Concat(tree).Select(Copy).ToList();
            var test = all.Where((_, i) => fold[i] == k).Select(Copy).ToList();
            var model = TextClassifier.Train(train, f, trainer, seed);
            var predicted = model.ProbabilitiesBatch(test)
                .Select(p => model.Labels[Array.IndexOf(p, p.Max())]).ToList();
            scores.Add(ClassificationReport.From(test.Select(t => t.Label).ToList(), predicted).MacroF1);
        }
        return (scores.Average(), scores);
    }

    private static TextExample Copy(TextExample t) => new() { Title = t.Title, Body = t.Body, Label = t.Label };

    public static List<TextExample> Examples(CsvTable table, IReadOnlyList<string> textColumns, string labelColumn)
    {
        var label = table.Index(labelColumn);
        var cols = textColumns.Select(table.Index).ToArray();
        var rows = new List<TextExample>();
        foreach (var r in table.Rows)
        {
            if (string.IsNullOrWhiteSpace(r[label])) continue;
            var parts = cols.Select(c => r[c] ?? "").ToArray();
            rows.Add(parts.Length >= 2
                ? new TextExample { Title = parts[0], Body = string.Join("。", parts[1..]), Label = r[label]! }
                : new TextExample { Title = "", Body = parts[0], Label = r[label]! });
        }
        return rows;
    }
}

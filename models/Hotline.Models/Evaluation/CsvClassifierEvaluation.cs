using System.Diagnostics;
using Hotline.Ingest.Csv;

namespace Hotline.Models.Evaluation;

public sealed record CsvEvaluationResult(string Trainer, int TrainRows, int TestRows, double TrainSeconds,
    ClassificationReport Report);

/// <summary>
/// Trains the ticket text pipeline on one labelled CSV and scores another: the check a city runs on its own
/// history before trusting the classifier. Several text columns are joined (the first is treated as the title
/// when there are two or more).
/// </summary>
public static class CsvClassifierEvaluation
{
    public static CsvEvaluationResult Run(string trainPath, string testPath, IReadOnlyList<string> textColumns,
        string labelColumn,
        string trainer, TextFeatures features, int seed)
    {
        var train = Examples(CsvTable.Read(trainPath), textColumns, labelColumn);
        var test = Examples(CsvTable.Read(testPath), textColumns, labelColumn);
        if (train.Count == 0) throw new InvalidDataException($"{trainPath} has no labelled rows");
        var sw = Stopwatch.StartNew();
        var model = TextClassifier.Train(train,
            features with { UseContext = false, SeparateTitle = features.SeparateTitle && textColumns.Count >= 2 },
            trainer, seed);
        var seconds = sw.Elapsed.TotalSeconds;
        var probs = model.ProbabilitiesBatch(test);
        var predicted = probs.Select(p => model.Labels[Array.IndexOf(p, p.Max())]).ToList();
        return new CsvEvaluationResult(trainer, train.Count, test.Count, seconds,
            ClassificationReport.From(test.Select(t => t.Label).ToList(), predicted));
    }

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

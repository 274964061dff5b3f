namespace Hotline.Models.Evaluation;

/// <summary>One classifier trained on one text source and scored on another (or on held-out text of its own).</summary>
public sealed record TransferResult(string Train, string Test, int TrainRows, int TestRows,
    ClassificationReport Report);

/// <summary>
/// Cross-source scoring: how far a classifier trained on one source's text carries to another's. Used to check the
/// simulator against real citizens' messages: if simulated text behaved like real text, a model trained on one
/// would do nearly as well on the other as on its own held-out part. Text is one field (no separate title), since
/// the two sources do not split title and body the same way.
/// </summary>
public static class TransferEvaluation
{
    public static TransferResult Score(string trainName,
        IReadOnlyList<TextExample> train, string testName, IReadOnlyList<TextExample> test,
        int seed)
    {
        if (train.Count == 0
            || test.Count == 0) throw new InvalidDataException($"{trainName} → {testName}: nothing to train "
                + "on or to score");
        var features = new TextFeatures { UseContext = false, SeparateTitle = false };
        var model = TextClassifier.Train(train, features, Trainers.Names[0], seed);
        var probs = model.ProbabilitiesBatch(test);
        var predicted = probs.Select(p => model.Labels[Array.IndexOf(p, p.Max())]).ToList();
        return new TransferResult(trainName, testName, train.Count, test.Count,
            ClassificationReport.From(test.Select(t => t.Label).ToList(), predicted));
    }

    /// <summary>Title and body as one text, the form both sources share.</summary>
    public static TextExample Example(string? title, string? body, string label) => new()
    {
        Title = "",
        Body = (title ?? "") + (body ?? ""), // joined as the public set's `text` column is: no separator
        Label = label,
    };
}

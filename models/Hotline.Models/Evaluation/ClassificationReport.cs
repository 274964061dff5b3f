namespace Hotline.Models.Evaluation;

public sealed record ClassScores(string Label, int Support, double Precision, double Recall, double F1);

/// <summary>Accuracy, macro-F1 and the per-class table from (truth, predicted) pairs.</summary>
public sealed record ClassificationReport(int Rows, double Accuracy, double MacroF1, IReadOnlyList<ClassScores> Classes)
{
    public static ClassificationReport From(IReadOnlyList<string> truth, IReadOnlyList<string> predicted)
    {
        if (truth.Count != predicted.Count) throw new ArgumentException("truth and predictions differ in length");
        var labels = truth.Distinct().OrderBy(l => l, StringComparer.Ordinal).ToList();
        var classes = new List<ClassScores>();
        foreach (var l in labels)
        {
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < truth.Count; i++)
            {
                var t = truth[i] == l;
                var p = predicted[i] == l;
                if (t && p) tp++;
                else if (p) fp++;
                else if (t) fn++;
            }
            var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
            var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            classes.Add(new ClassScores(l, tp + fn, precision, recall, f1));
        }
        var correct = truth.Where((t, i) => t == predicted[i]).Count();
        // Macro-F1 over the classes present in the truth (scikit-learn's convention with labels=truth classes).
        return new ClassificationReport(truth.Count, truth.Count == 0 ? 0 : correct / (double)truth.Count,
            classes.Count == 0 ? 0 : classes.Average(c => c.F1), classes);
    }
}

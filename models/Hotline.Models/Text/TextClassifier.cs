using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hotline.Models.Text;

/// <summary>A label with its probability (or normalised score).</summary>
public readonly record struct Ranked(string Label, double Probability);

/// <summary>
/// A trained text classifier: featurizer + trainer + key-to-label map, with top-k prediction. Prediction goes
/// through a PredictionEngine per thread (ML.NET's engines are not thread-safe; the pool keeps serving cheap).
/// </summary>
public sealed class TextClassifier
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly string[] _labels;
    private readonly ThreadLocal<PredictionEngine<TextExample, TextScore>> _engine;
    private readonly bool _usesWords;

    private TextClassifier(MLContext ml, ITransformer model, string[] labels, bool usesWords)
    {
        _usesWords = usesWords;
        _ml = ml;
        _model = model;
        _labels = labels;
        _engine = new ThreadLocal<PredictionEngine<TextExample, TextScore>>(() =>
            _ml.Model.CreatePredictionEngine<TextExample, TextScore>(_model));
    }

    public IReadOnlyList<string> Labels => _labels;

    public static TextClassifier Train(IReadOnlyList<TextExample> rows, TextFeatures features, string trainer,
        int seed, int threads = 0)
    {
        var ml = new MLContext(seed);
        Prepare(rows, features);
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(TextExample.Label))
            .Append(features.Build(ml))
            .Append(ml.Transforms.CopyColumns("Label", "LabelKey"))
            // Featurize once: iterative trainers (L-BFGS passes, one SVM per class) would otherwise re-run the
            // n-gram extraction on every pass over the data.
            .AppendCacheCheckpoint(ml)
            .Append(Trainers.Create(ml, trainer, threads > 0 ? threads : Environment.ProcessorCount, features.L2,
                features.Iterations));
        var model = pipeline.Fit(data);
        var probe = model.Transform(ml.Data.TakeRows(data, 1));
        return new TextClassifier(ml, model, KeyNames(probe), probe.Schema.GetColumnOrNull("WordFeatures") is not null);
    }

    /// <summary>Fills Words (segmentation) and Weight (class balance) in place.</summary>
    private static void Prepare(IReadOnlyList<TextExample> rows, TextFeatures features)
    {
        if (features.UseWords) Parallel.ForEach(rows, r => r.Words = WordSegmenter.Segment(r.Title + "。" + r.Body));
        var counts = rows.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count());
        foreach (var r in rows)
            r.Weight = features.BalanceClasses
                ? (float)Math.Pow(rows.Count / (double)(counts.Count * counts[r.Label]), features.BalancePower) : 1f;
    }

    /// <summary>Segments words for rows about to be scored (when the model uses word features).</summary>
    public void PrepareForScoring(TextExample row)
    {
        if (_usesWords && row.Words.Length == 0) row.Words = WordSegmenter.Segment(row.Title + "。" + row.Body);
    }

    private static string[] KeyNames(IDataView scored)
    {
        VBuffer<ReadOnlyMemory<char>> names = default;
        scored.Schema["Score"].GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    /// <summary>Scores as probabilities (margins of non-probabilistic trainers are softmax-normalised).</summary>
    public double[] Probabilities(TextExample row)
    {
        PrepareForScoring(row);
        return Normalise(_engine.Value!.Predict(row).Score);
    }

    public IReadOnlyList<Ranked> Top(TextExample row, int k)
    {
        var p = Probabilities(row);
        return Enumerable.Range(0, p.Length).OrderByDescending(i => p[i]).Take(k)
            .Select(i => new Ranked(_labels[i], p[i])).ToList();
    }

    /// <summary>Batch scoring through ML.NET's data pipeline (much faster than one engine call per row).</summary>
    public List<double[]> ProbabilitiesBatch(IReadOnlyList<TextExample> rows)
    {
        if (_usesWords) Parallel.ForEach(rows, PrepareForScoring);
        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(rows));
        return _ml.Data.CreateEnumerable<TextScore>(scored, reuseRowObject: false)
            .Select(r => Normalise(r.Score)).ToList();
    }

    /// <summary>Maxent scores are already probabilities; margins (SVM) are softmax-normalised.</summary>
    private static double[] Normalise(float[] s)
    {
        var sum = s.Sum(x => (double)Math.Max(0, x));
        if (sum > 0.999 && sum < 1.001) return s.Select(x => (double)Math.Max(0, x)).ToArray();
        var max = s.Max();
        var e = s.Select(x => Math.Exp(x - max)).ToArray();
        var t = e.Sum();
        return e.Select(x => x / t).ToArray();
    }

    public void Save(string path)
    {
        using var f = File.Create(path);
        _ml.Model.Save(_model, null, f);
    }

    public static TextClassifier Load(string path, int seed = 0)
    {
        var ml = new MLContext(seed);
        using var f = File.OpenRead(path);
        var model = ml.Model.Load(f, out _);
        // The label names are in the model's schema; score an empty row to read them.
        var probe = model.Transform(ml.Data.LoadFromEnumerable(new[] { new TextExample() }));
        return new TextClassifier(ml, model, KeyNames(probe), probe.Schema.GetColumnOrNull("WordFeatures") is not null);
    }
}

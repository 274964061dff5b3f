using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hotline.Models.Hotspots;

/// <summary>
/// The comparison the issue asks for: ML.NET KMeans on the same TF-IDF vectors, clusters described and ranked
/// exactly like <see cref="HotspotClustering"/>'s, so the two can be judged side by side (coherence, places).
/// </summary>
public static class KMeansBaseline
{
    private sealed class Row
    {
        public VBuffer<float> Features { get; set; }
    }

    private sealed class Assignment
    {
        [ColumnName("PredictedLabel")] public uint Cluster { get; set; }
    }

    public static List<HotIssue> Find(IReadOnlyList<HotspotInput> docs, int k, int top, int seed)
    {
        var tf = new TfIdfVectors(docs.Select(d => (d.Title, d.Body)).ToList());
        // KMeans centroids are dense: keep the 2,000 terms found in most messages (rarer ones cannot shape a cluster
        // anyway).
        var df = new Dictionary<int, int>();
        foreach (var v in tf.Vectors) foreach (var t in v.Keys) df[t] = df.GetValueOrDefault(t) + 1;
        var keep = df.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(2_000).Select((kv, i) => (kv.Key, i))
            .ToDictionary(x => x.Key, x => x.i);
        var dim = keep.Count;
        var rows = tf.Vectors.Select(v =>
        {
            var kept = v.Where(kv => keep.ContainsKey(kv.Key))
                .Select(kv => (Index: keep[kv.Key], Value: (float)kv.Value)).OrderBy(x => x.Index).ToArray();
            return new Row
            {
                Features = new VBuffer<float>(dim, kept.Length, kept.Select(x => x.Value).ToArray(),
                kept.Select(x => x.Index).ToArray())
            };
        }).ToList();
        var ml = new MLContext(seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dim);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var options = new Microsoft.ML.Trainers.KMeansTrainer.Options { NumberOfClusters = k, NumberOfThreads = 1 };
        var model = ml.Clustering.Trainers.KMeans(options).Fit(data);
        var assigned = ml.Data.CreateEnumerable<Assignment>(model.Transform(data), reuseRowObject: false)
            .Select(a => (int)a.Cluster).ToList();
        var clusters = Enumerable.Range(0, docs.Count).GroupBy(i => assigned[i]).Select(g => g.ToList())
            .Where(m => m.Count >= 2).ToList();
        return HotspotClustering.Rank(clusters, docs, tf, top);
    }
}

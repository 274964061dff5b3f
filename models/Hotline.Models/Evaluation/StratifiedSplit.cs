namespace Hotline.Models.Evaluation;

/// <summary>
/// Seeded stratified split for labelled data without usable timestamps (most of the public messages lack a
/// time, so a time-based split is impossible there). Each class contributes the same test fraction.
/// </summary>
public static class StratifiedSplit
{
    public static (List<int> Train, List<int> Test) Split(IReadOnlyList<string> labels, double testFraction, int seed)
    {
        if (testFraction is <= 0 or >= 1) throw new ArgumentException("--test-fraction must be between 0 and 1");
        var rng = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i])
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var idx = group.ToArray();
            rng.Shuffle(idx);
            var nTest = (int)Math.Round(idx.Length * testFraction);
            test.AddRange(idx[..nTest]);
            train.AddRange(idx[nTest..]);
        }
        train.Sort();
        test.Sort();
        return (train, test);
    }

    /// <summary>A fold number (0 … k−1) per row: each class dealt round the folds after a seeded shuffle.</summary>
    public static int[] Folds(IReadOnlyList<string> labels, int k, int seed)
    {
        if (k < 2) throw new ArgumentException("--folds must be at least 2");
        var rng = new Random(seed);
        var fold = new int[labels.Count];
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i])
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var idx = group.ToArray();
            rng.Shuffle(idx);
            for (var j = 0; j < idx.Length; j++) fold[idx[j]] = j % k;
        }
        return fold;
    }
}

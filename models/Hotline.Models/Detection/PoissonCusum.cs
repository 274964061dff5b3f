namespace Hotline.Models.Detection;

/// <summary>
/// Poisson CUSUM (Lucas 1985, "Counted data CUSUMs"): S_t = max(0, S_{t−1} + x_t − k), alarm when S_t > h,
/// then restart at 0. The in-control mean λ0 is the mean of the <c>baseline</c> points before a guard band of
/// <c>guard</c> points (so an outbreak does not raise its own reference); the out-of-control mean the CUSUM is
/// tuned to is λ1 = λ0 + shift·√λ0, and its optimal reference value is k = (λ1 − λ0) / (ln λ1 − ln λ0).
/// It accumulates small, sustained excesses that a single-day z-score misses.
/// </summary>
public sealed class PoissonCusum(int baseline = 28, int guard = 2, double shift = 1.5, double h = 5,
    double minMean = 0.5) : ICountDetector
{
    public string Name => "cusum";

    public DetectorPoint[] Run(IReadOnlyList<double> counts)
    {
        var result = new DetectorPoint[counts.Count];
        double s = 0;
        for (var t = 0; t < counts.Count; t++)
        {
            var start = t - guard - baseline;
            if (start < 0) { result[t] = DetectorPoint.NotJudged(t, counts[t]); continue; }
            double sum = 0;
            for (var i = start; i < start + baseline; i++) sum += counts[i];
            var lambda0 = Math.Max(minMean, sum / baseline);
            var k = ReferenceValue(lambda0, shift);
            var bound = Math.Max(0, h + k - s);
            s = Math.Max(0, s + counts[t] - k);
            var alarm = s > h;
            result[t] = new DetectorPoint(t, counts[t], lambda0, bound, s, alarm);
            if (alarm) s = 0;
        }
        return result;
    }

    public static double ReferenceValue(double lambda0, double shift)
    {
        var lambda1 = lambda0 + shift * Math.Sqrt(lambda0);
        return (lambda1 - lambda0) / (Math.Log(lambda1) - Math.Log(lambda0));
    }
}

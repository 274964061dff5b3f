using MathNet.Numerics.Distributions;

namespace Hotline.Jobs.Briefs;

/// <summary>
/// Is a change in a count real? The conditional test for two Poisson counts: given n = c1 + c0, c1 is binomial with
/// p = e1 / (e1 + e0) under "no change in rate" (e = exposure, here days). Exact, so it stays honest for small counts:
/// 1 → 4 tickets gives p ≈ 0.38, not "+300 %". Two-sided p = min(1, 2 · the smaller tail).
/// </summary>
public static class CountComparison
{
    public static double PValue(long current, long previous, double currentExposure = 1, double previousExposure = 1)
    {
        var n = current + previous;
        if (n == 0 || currentExposure <= 0 || previousExposure <= 0) return 1;
        var p = currentExposure / (currentExposure + previousExposure);
        var b = new Binomial(p, (int)Math.Min(n, int.MaxValue));
        var lower = b.CumulativeDistribution(current);                         // P(X ≤ c1)
        var upper = current == 0 ? 1 : 1 - b.CumulativeDistribution(current - 1); // P(X ≥ c1)
        return Math.Min(1, 2 * Math.Min(lower, upper));
    }

    /// <summary>
    /// Rate ratio with exposure, shrunk by half a ticket each side so 0 → 3 is finite (and labelled "new" elsewhere).
    /// </summary>
    public static double RateRatio(long current, long previous, double currentExposure = 1,
        double previousExposure = 1) =>
        (current + 0.5) / currentExposure / ((previous + 0.5) / previousExposure);
}

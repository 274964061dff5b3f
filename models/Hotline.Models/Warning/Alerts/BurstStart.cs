namespace Hotline.Models.Warning.Alerts;

/// <summary>
/// Where an incident's calls begin among the tickets a detector's window swept together: a 72-hour window over a
/// county holds the background of the day before as well as the burst, and an alert that counts both says "102 件
/// （11-22 23:51 起）" for an incident that began on the 24th with 84. The tickets are treated as a Poisson process
/// whose rate steps up once (the classic single change-point model; Raftery and Akman 1986, Worsley 1986): the
/// split that maximises the likelihood ratio against a constant rate is the burst's first call, if that ratio is
/// large enough to mean a real step rather than noise.
/// </summary>
public static class BurstStart
{
    /// <summary>
    /// Log-likelihood ratio a step must reach (about what a χ² test with two degrees of freedom needs at p ≈ 0.001,
    /// allowing for the search over split points); below it the tickets are one episode and all count.
    /// </summary>
    public const double MinLogLikelihoodRatio = 7;

    /// <summary>
    /// The first call of the burst: the index into <paramref name="times"/> (sorted) where it begins.
    /// </summary>
    public static int Find(IReadOnlyList<DateTime> times)
    {
        var n = times.Count;
        if (n < 6) return 0;
        var total = Hours(times[0], times[^1]);
        if (total <= 0) return 0;
        var flat = n * Math.Log(n / total);
        var (best, bestLlr) = (0, 0.0);
        // At least three tickets after the split: a burst of one or two calls is not one.
        for (var k = 1; k <= n - 3; k++)
        {
            double d1 = Hours(times[0], times[k]), d2 = Hours(times[k], times[^1]);
            if (d1 <= 0 || d2 <= 0) continue;
            double r1 = k / d1, r2 = (n - k) / d2;
            if (r2 <= r1) continue;
            var llr = k * Math.Log(r1) + (n - k) * Math.Log(r2) - flat;
            if (llr > bestLlr) (best, bestLlr) = (k, llr);
        }
        return bestLlr >= MinLogLikelihoodRatio ? best : 0;
    }

    /// <summary>
    /// Log-likelihood ratio the two-change-point model must reach: one more free parameter than the step, so a little
    /// more (about χ² with three degrees of freedom at p ≈ 0.001, with the search).
    /// </summary>
    public const double MinSegmentLogLikelihoodRatio = 9;

    /// <summary>
    /// The burst as a stretch of raised rate, first and last index (inclusive) into <paramref name="times"/> (sorted):
    /// the epidemic change-point model (a rate that steps up and back down, Levin and Kline 1985; Yao 1993), the split
    /// pair maximising the likelihood ratio against a constant rate. An alert open for hours after its incident keeps
    /// sweeping in the background that follows, which a step-up alone cannot cut off (on the simulated year, warnings
    /// were only 69 % their incident's own tickets with it). (0, n − 1) when no stretch stands out.
    /// </summary>
    public static (int Start, int End) Segment(IReadOnlyList<DateTime> times)
    {
        var n = times.Count;
        if (n < 6) return (0, n - 1);
        var total = Hours(times[0], times[^1]);
        if (total <= 0) return (0, n - 1);
        var flat = n * Math.Log(n / total);
        var (bestStart, bestEnd, bestLlr) = (0, n - 1, 0.0);
        for (var i = 0; i <= n - 3; i++)
            for (var j = i + 2; j < n; j++)
            {
                var m = j - i + 1;
                if (m == n) continue;
                var inside = Hours(times[i], times[j]);
                var outside = total - inside;
                if (outside <= 0) continue;
                double rIn = m / inside, rOut = (n - m) / outside;
                if (rIn <= rOut) continue;
                var llr = m * Math.Log(rIn) + (n - m) * Math.Log(rOut) - flat;
                if (llr > bestLlr) (bestStart, bestEnd, bestLlr) = (i, j, llr);
            }
        return bestLlr >= MinSegmentLogLikelihoodRatio ? (bestStart, bestEnd) : (0, n - 1);
    }

    // A minute is added so that calls at the same minute do not make a zero-length interval.
    private static double Hours(DateTime a, DateTime b) => (b - a).TotalHours + 1 / 60.0;
}

using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Hotline.Models.Detection;

/// <summary>
/// Settings of the improved Farrington algorithm. Defaults are Noufaily et al. (2013)'s "improved" configuration,
/// equal to R surveillance::farringtonFlexible(b = 4, w = 3, noPeriods = 10, weightsThreshold = 2.58,
/// pastWeeksNotIncluded = 26, pThresholdTrend = 1, thresholdMethod = "nbPlugin", alpha = 0.05,
/// powertrans = "2/3", limit54 = c(5, 4)).
/// </summary>
public sealed record FarringtonOptions
{
    /// <summary>Years of history used.</summary>
    public int B { get; init; } = 4;
    /// <summary>Half-width of the window around the same time point in past years.</summary>
    public int W { get; init; } = 3;
    /// <summary>
    /// Seasonal factor levels: the reference windows, and the rest of each year in noPeriods − 1 blocks.
    /// </summary>
    public int NoPeriods { get; init; } = 10;
    public double WeightsThreshold { get; init; } = 2.58;
    /// <summary>
    /// The most recent points left out of the baseline (a current outbreak must not raise its own threshold).
    /// </summary>
    public int PastWeeksNotIncluded { get; init; } = 26;
    public double PThresholdTrend { get; init; } = 1;
    public double Alpha { get; init; } = 0.05;
    /// <summary>No alarm unless at least Cases were counted in the last Periods points (current included).</summary>
    public (int Cases, int Periods) Limit54 { get; init; } = (5, 4);
    public bool Reweight { get; init; } = true;
    public bool Trend { get; init; } = true;
}

/// <summary>
/// Improved Farrington (Farrington et al. 1996; Noufaily et al. 2013), reproducing R surveillance's
/// farringtonFlexible with thresholdMethod "nbPlugin": for each time point, a quasi-Poisson GLM with linear
/// trend and a 10-level seasonal factor over b years (the last 26 points left out); past outbreaks down-weighted
/// by their Anscombe residuals (weight s⁻² above 2.58) and the model refitted; trend dropped when it would
/// extrapolate beyond the largest baseline count; threshold = the 1 − α quantile of a negative binomial with the
/// predicted mean and the estimated dispersion. The series is regular in time (weekly or daily) with dates, so
/// "the same week b years ago" is found by date, as R does for epochAsDate series.
/// One deliberate difference: the exceedance score is (y − μ0)/(U − μ0) as in the paper; R divides by the link
/// scale (y − log μ0)/(U − log μ0). Alarms are identical (both say y &gt; U).
/// </summary>
public sealed class FarringtonFlexible(IReadOnlyList<DateOnly> dates, FarringtonOptions? options = null)
    : ICountDetector
{
    private readonly FarringtonOptions _o = options ?? new FarringtonOptions();
    public string Name => "farrington";

    /// <summary>Points per year: 52 for weekly series, 365 for daily.</summary>
    private bool Weekly => dates.Count > 1 && dates[1].DayNumber - dates[0].DayNumber == 7;

    public DetectorPoint[] Run(IReadOnlyList<double> counts)
    {
        if (counts.Count != dates.Count) throw new ArgumentException("one date per count");
        var index = new Dictionary<DateOnly, int>(dates.Count);
        for (var i = 0; i < dates.Count; i++) index[dates[i]] = i;
        var result = new DetectorPoint[counts.Count];
        for (var k = 0; k < counts.Count; k++) result[k] = Judge(counts, index, k)
            ?? DetectorPoint.NotJudged(k, counts[k]);
        return result;
    }

    private DetectorPoint? Judge(IReadOnlyList<double> counts, Dictionary<DateOnly, int> index, int k)
    {
        var refs = ReferencePoints(index, k);
        if (refs is null) return null;
        var blocks = Blocks(refs, counts.Count, k);
        if (blocks is null) return null;
        for (var i = Math.Max(0, k - _o.PastWeeksNotIncluded); i <= k; i++) blocks[i] = null;
        var rows = Enumerable.Range(0, counts.Count).Where(i => blocks[i] is not null && !double.IsNaN(counts[i]))
            .ToList();
        if (rows.Count < 5) return null;
        var step = dates.Count > 1 ? dates[1].DayNumber - dates[0].DayNumber : 1;
        double WTime(int i) => (dates[i].DayNumber - dates[rows[0]].DayNumber) / (double)step;
        var levels = rows.Select(i => blocks[i]!.Value).Distinct().Order().ToList();
        var y = Vector<double>.Build.DenseOfEnumerable(rows.Select(i => counts[i]));

        var fit = FitWithTrend(rows, blocks, levels, y, WTime, _o.Trend);
        if (fit is null) return null;
        var (glm, withTrend) = fit.Value;
        var x0 = Row(withTrend, levels, _o.NoPeriods, (dates[k].DayNumber - dates[rows[0]].DayNumber) / (double)step);
        if (withTrend)
        {
            // Keep the trend only if significant and not extrapolating beyond the largest baseline count (R's rule).
            var (eta, _) = glm.PredictLink(x0);
            var keep = glm.PValue(1) < _o.PThresholdTrend && _o.B >= 3 && Math.Exp(eta) <= y.Maximum();
            if (!keep)
            {
                var refit = FitWithTrend(rows, blocks, levels, y, WTime, trend: false);
                if (refit is null) return null;
                (glm, withTrend) = refit.Value;
                x0 = Row(false, levels, _o.NoPeriods, 0);
            }
        }
        var (eta0, _) = glm.PredictLink(x0);
        var mu0 = Math.Exp(eta0);
        var phi = Math.Max(glm.Dispersion, 1);
        var upper = phi > 1 ? NegativeBinomialQuantile(1 - _o.Alpha, mu0 / (phi - 1), 1 / phi)
            : PoissonQuantile(1 - _o.Alpha, mu0);
        var observed = counts[k];
        double recent = 0;
        for (var i = Math.Max(0, k - _o.Limit54.Periods + 1); i <= k; i++) recent += counts[i];
        var enough = recent >= _o.Limit54.Cases;
        var score = upper > mu0 ? (observed - mu0) / (upper - mu0) : (observed > upper ? double.PositiveInfinity : 0);
        return new DetectorPoint(k, observed, mu0, upper, score, enough && observed > upper && observed != 0);
    }

    /// <summary>
    /// Fits with trend (if asked) and falls back to no trend when that does not converge; Anscombe reweighting.
    /// </summary>
    private (QuasiPoissonGlm Glm, bool Trend)? FitWithTrend(List<int> rows, int?[] blocks, List<int> levels,
        Vector<double> y, Func<int, double> wtime, bool trend)
    {
        var x = Matrix<double>.Build.DenseOfRowVectors(rows.Select(i =>
            Row(trend, levels, blocks[i]!.Value, wtime(i))));
        var glm = QuasiPoissonGlm.Fit(x, y);
        if (!glm.Converged)
        {
            if (!trend) return null;
            return FitWithTrend(rows, blocks, levels, y, wtime, trend: false);
        }
        if (_o.Reweight)
        {
            var phi = Math.Max(glm.Dispersion, 1);
            var h = glm.HatValues();
            var s = new double[y.Count];
            for (var i = 0; i < s.Length; i++)
            {
                var mu = glm.Fitted[i];
                s[i] = 1.5 * (Math.Pow(y[i], 2.0 / 3) * Math.Pow(mu,
                    -1.0 / 6) - Math.Sqrt(mu)) / Math.Sqrt(phi * (1 - h[i]));
            }
            // Weights: s⁻² for points above the threshold (past outbreaks), 1 otherwise, scaled to sum to n.
            var raw = s.Select(v => v > _o.WeightsThreshold ? 1 / (v * v) : 1.0).ToArray();
            var gamma = s.Length / raw.Sum();
            var omega = Vector<double>.Build.DenseOfEnumerable(raw.Select(v => v * gamma));
            glm = QuasiPoissonGlm.Fit(x, y, omega);
            if (!glm.Converged) return null;
        }
        return (glm, trend);
    }

    /// <summary>
    /// Design row: intercept, optional time, then one dummy per seasonal level except the lowest present.
    /// </summary>
    private static Vector<double> Row(bool trend, List<int> levels, int level, double wtime)
    {
        var v = new List<double> { 1 };
        if (trend) v.Add(wtime);
        for (var j = 1; j < levels.Count; j++) v.Add(levels[j] == level ? 1 : 0);
        return Vector<double>.Build.DenseOfEnumerable(v);
    }

    /// <summary>The same point 0..b years back, by date (weekly series: the same weekday nearest to it).</summary>
    private int[]? ReferencePoints(Dictionary<DateOnly, int> index, int k)
    {
        var refs = new int[_o.B + 1];
        for (var yr = 0; yr <= _o.B; yr++)
        {
            var d = dates[k].AddYears(-yr);
            if (Weekly)
            {
                var a = d.AddDays(dates[k].DayOfWeek - d.DayOfWeek);
                var b = a.AddDays(a > d ? -7 : 7);
                d = Math.Abs(a.DayNumber - d.DayNumber) <= Math.Abs(b.DayNumber - d.DayNumber) ? a : b;
            }
            if (!index.TryGetValue(d, out var i)) return null;
            refs[yr] = i;
        }
        return refs;
    }

    /// <summary>
    /// R's blocks(): level noPeriods for the windows around the reference points, 1..noPeriods−1 between them.
    /// </summary>
    private int?[]? Blocks(int[] refs, int n, int k)
    {
        int w = _o.W, p = _o.NoPeriods;
        var f = new int?[n];
        void Set(int from, int to, int level)
        {
            // R's from:to counts down when to < from; reproduce that so the factor layout is identical.
            var stepDir = to >= from ? 1 : -1;
            for (var i = from; ; i += stepDir)
            {
                if (i >= 0 && i < n) f[i] = level;
                if (i == to) break;
            }
        }
        Set(k - w, k, p);
        for (var i = 1; i <= _o.B; i++)
        {
            var refWeek = refs[i];
            if (refWeek - w < -1) return null; // R (1-based) ignores index 0 but fails on negative indices
            Set(refWeek - w, refWeek + w, p);
            if (p == 1) continue;
            var period = refs[i - 1] - 2 * w - 1 - refWeek;
            if (period < p - (2 * w + 1)) return null;
            var lengths = new int[p];
            for (var j = 1; j < p; j++) lengths[j] = period / (p - 1) + (j <= period % (p - 1) ? 1 : 0);
            var cum = 0;
            for (var j = 1; j < p; j++)
            {
                var start = refWeek + w + 1 + cum;
                cum += lengths[j];
                Set(start, refWeek + w + 1 + cum - 1, j);
            }
        }
        return f;
    }

    /// <summary>R's qnbinom(p, size, prob): the smallest x with P(X ≤ x) ≥ p.</summary>
    public static double NegativeBinomialQuantile(double p, double size, double prob) =>
        DiscreteQuantile(p, x => NegativeBinomial.CDF(size, prob, x), size * (1 - prob) / prob,
            Math.Sqrt(size * (1 - prob)) / prob);

    /// <summary>R's qpois(p, lambda).</summary>
    public static double PoissonQuantile(double p, double lambda) =>
        DiscreteQuantile(p, x => Poisson.CDF(lambda, x), lambda, Math.Sqrt(lambda));

    private static double DiscreteQuantile(double p, Func<double, double> cdf, double mean, double sd)
    {
        // R applies a small fuzz so that p computed as a CDF value maps back to its own x.
        var target = p * (1 - 64 * 2.220446049250313e-16); // DBL_EPSILON, as R's qnbinom fuzz
        long lo = 0, hi = (long)Math.Ceiling(mean + 20 * sd + 10);
        while (cdf(hi) < target) hi *= 2;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (cdf(mid) >= target) hi = mid; else lo = mid + 1;
        }
        return lo;
    }
}

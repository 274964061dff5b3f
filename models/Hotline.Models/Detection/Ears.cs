using MathNet.Numerics.Statistics;

namespace Hotline.Models.Detection;

public enum EarsMethod { C1, C2, C3 }

/// <summary>
/// CDC Early Aberration Reporting System, C1/C2/C3 (Hutwagner et al. 2003; Fricker et al. 2008).
/// C1: z = (x_t − mean)/sd over the 7 previous points. C2: the same baseline lagged by a 2-point guard band
/// (t−9..t−3), so a slowly building outbreak does not hide in its own baseline. C3: the sum over t, t−1, t−2 of
/// max(0, C2 − 1). CDC's thresholds: 3 for C1 and C2, 2 for C3. A minimum SD keeps sparse series (sd 0 after a
/// week of zeros) from alarming on a single ticket.
/// Differences from R surveillance::earsC, on purpose: R's default alarm levels are z(0.999) = 3.09 and, for C3,
/// z(0.975) = 1.96 (pass those as <see cref="Threshold"/> to reproduce it), and R's C3 bound leaves out today's term.
/// </summary>
public sealed class Ears(EarsMethod method, int baseline = 7, double? threshold = null, double minSigma = 0)
    : ICountDetector
{
    public string Name => "ears-" + method.ToString().ToLowerInvariant();
    public EarsMethod Method => method;
    public double Threshold { get; } = threshold ?? (method == EarsMethod.C3 ? 2.0 : 3.0);

    private int Lag => method == EarsMethod.C1 ? 1 : 3;

    public DetectorPoint[] Run(IReadOnlyList<double> counts)
    {
        var result = new DetectorPoint[counts.Count];
        var c2 = new double?[counts.Count];
        for (var t = 0; t < counts.Count; t++)
        {
            var b = Baseline(counts, t, Lag);
            if (b is null) { result[t] = DetectorPoint.NotJudged(t, counts[t]); continue; }
            var (mean, sd) = b.Value;
            var z = (counts[t] - mean) / sd;
            if (method != EarsMethod.C3)
            {
                result[t] = new DetectorPoint(t, counts[t], mean, mean + Threshold * sd, z, z > Threshold);
                continue;
            }
            c2[t] = z;
            if (t < 2 || c2[t - 1] is not { } z1
                || c2[t - 2] is not { } z2) { result[t] = DetectorPoint.NotJudged(t, counts[t]); continue; }
            var lags = Math.Max(0, z1 - 1) + Math.Max(0, z2 - 1);
            var c3 = lags + Math.Max(0, z - 1);
            // The count today at which C3 reaches its threshold (0 when the last two days already do).
            var bound = Math.Max(0, mean + sd * (1 + Math.Max(0, Threshold - lags)));
            result[t] = new DetectorPoint(t, counts[t], mean, lags >= Threshold ? 0 : bound, c3, c3 > Threshold);
        }
        return result;
    }

    /// <summary>
    /// Mean and SD (n−1, as CDC and R use) of the <c>baseline</c> points ending <paramref name="lag"/> before t.
    /// </summary>
    private (double Mean, double Sd)? Baseline(IReadOnlyList<double> counts, int t, int lag)
    {
        var end = t - lag;
        var start = end - baseline + 1;
        if (start < 0) return null;
        var window = new double[baseline];
        for (var i = 0; i < baseline; i++) window[i] = counts[start + i];
        var mean = window.Mean();
        var sd = Math.Max(window.StandardDeviation(), minSigma);
        // All-equal baseline and no minimum SD: z is undefined; treat any rise as infinitely unusual, as R does (Inf).
        if (sd == 0) sd = double.Epsilon;
        return (mean, sd);
    }
}

namespace Hotline.Models.Detection;

/// <summary>A place with coordinates (a township/street centroid) for the scan statistic.</summary>
public sealed record ScanZone(string Code, double Lat, double Lon);

/// <summary>
/// The most likely cluster of one scan: which zones, how many recent periods, observed vs expected, p-value.
/// </summary>
public sealed record ScanCluster(IReadOnlyList<string> Zones, int Periods, int Observed, double Expected,
    double LogLikelihoodRatio,
    double PValue, int Replicates, double RecurrenceIntervalDays, double? GumbelPValue = null);

/// <summary>
/// Prospective space-time permutation scan statistic (Kulldorff, Heffernan, Hartman, Assunção, Mostashari 2005,
/// PLoS Medicine 2(3):e59). Cases carry a zone and a period (24-hour periods counted back from "now"). Expected
/// counts come from the data alone, μ_zd = C_z·C_d / C, so neither population nor a baseline model is needed and
/// purely temporal or purely spatial variation is adjusted away: what remains is space-time interaction, a local
/// burst. Cylinders: each zone with its k nearest neighbours (k up to <see cref="MaxNeighbours"/>, radius up to
/// <see cref="MaxRadiusKm"/>), ending now and 1..<see cref="MaxPeriods"/> periods long. Statistic: the Poisson
/// generalized likelihood ratio, maximised over cylinders with more cases than expected. p-value: Monte Carlo,
/// permuting periods among cases (999 replicates), with Besag–Clifford sequential stopping once
/// <see cref="StopAfterExceedances"/> replicates beat the observed value (the p-value is then surely large).
/// Recurrence interval: 1 / (p × scans per day), how often a cluster this unusual would occur by chance.
/// When all replicates ran, a Gumbel fit to the replicate maxima also gives p-values below 1/(R+1) (Abrams,
/// Kleinman, Kulldorff 2010), which an hourly prospective scan needs: its false-alarm budget is far below 1/1000.
/// </summary>
public sealed class SpaceTimePermutationScan
{
    public int MaxNeighbours { get; init; } = 10;
    public double MaxRadiusKm { get; init; } = 15;
    public int MaxPeriods { get; init; } = 7;
    public int Replicates { get; init; } = 999;
    public int StopAfterExceedances { get; init; } = 50;
    public double ScansPerDay { get; init; } = 24;

    private readonly IReadOnlyList<ScanZone> _zones;
    private readonly int[][] _circles;

    public SpaceTimePermutationScan(IReadOnlyList<ScanZone> zones)
    {
        _zones = zones;
        _circles = new int[zones.Count][];
        for (var i = 0; i < zones.Count; i++)
        {
            var zi = zones[i];
            _circles[i] = Enumerable.Range(0, zones.Count).Select(j => (j, d: Km(zi, zones[j]))).OrderBy(x => x.d)
                .ThenBy(x => x.j)
                .TakeWhile((x, n) => n <= MaxNeighbours && x.d <= MaxRadiusKm).Select(x => x.j).ToArray();
        }
    }

    public static double Km(ScanZone a, ScanZone b)
    {
        const double r = 6371;
        double dLat = (b.Lat - a.Lat) * Math.PI / 180, dLon = (b.Lon - a.Lon) * Math.PI / 180;
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(a.Lat * Math.PI / 180) * Math.Cos(b.Lat * Math.PI / 180)
            * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * r * Math.Asin(Math.Sqrt(h));
    }

    /// <summary>
    /// Scans cases given as (zone index, period) with period 0 = the most recent 24 hours, up to
    /// <paramref name="periods"/> − 1. Returns null when no cylinder has more cases than expected.
    /// </summary>
    public ScanCluster? Run(IReadOnlyList<(int Zone, int Period)> cases, int periods, int seed, double gate = 0)
    {
        if (cases.Count == 0) return null;
        var zoneTotals = new int[_zones.Count];
        var periodTotals = new int[periods];
        foreach (var (z, d) in cases) { zoneTotals[z]++; periodTotals[d]++; }
        var observed = Best(Counts(cases, periods), zoneTotals, periodTotals, cases.Count);
        if (observed.Llr <= 0) return null;
        ScanCluster Cluster(double p, int reps, double? gumbel) =>
            new(_circles[observed.Center].Take(observed.K).Select(i => _zones[i].Code).ToList(),
            observed.Length, observed.C, observed.Mu, observed.Llr, p, reps, 1 / ((gumbel ?? p) * ScansPerDay), gumbel);
        // Below the gate the cluster cannot be significant at the levels used: skip the Monte Carlo (p reported as 1).
        if (observed.Llr < gate) return Cluster(1, 0, null);

        // Monte Carlo: shuffle the periods among the cases (zone and period margins stay fixed, as the null implies).
        var rng = new Random(seed);
        var periodsOfCases = cases.Select(c => c.Period).ToArray();
        var shuffled = new (int Zone, int Period)[cases.Count];
        var maxima = new List<double>(Replicates);
        int exceed = 0, done = 0;
        for (; done < Replicates && exceed < StopAfterExceedances; done++)
        {
            rng.Shuffle(periodsOfCases);
            for (var i = 0; i < cases.Count; i++) shuffled[i] = (cases[i].Zone, periodsOfCases[i]);
            var llr = Best(Counts(shuffled, periods), zoneTotals, periodTotals, cases.Count).Llr;
            maxima.Add(llr);
            if (llr >= observed.Llr) exceed++;
        }
        var p = (exceed + 1.0) / (done + 1.0);
        return Cluster(p, done, done == Replicates ? GumbelP(maxima, observed.Llr) : null);
    }

    /// <summary>Upper tail of a Gumbel distribution fitted to the replicate maxima by moments.</summary>
    public static double GumbelP(IReadOnlyList<double> maxima, double observed)
    {
        var mean = maxima.Average();
        var sd = Math.Sqrt(maxima.Sum(x => (x - mean) * (x - mean)) / (maxima.Count - 1));
        if (sd <= 0) return observed > mean ? 0 : 1;
        var beta = sd * Math.Sqrt(6) / Math.PI;
        var mu = mean - 0.5772156649 * beta;
        var z = Math.Exp(-(observed - mu) / beta);
        // 1 − exp(−z), accurate for tiny z (the far tail, where the p-values that matter live).
        return z < 1e-5 ? z - z * z / 2 : 1 - Math.Exp(-z);
    }

    private int[,] Counts(IReadOnlyList<(int Zone, int Period)> cases, int periods)
    {
        var c = new int[_zones.Count, periods];
        foreach (var (z, d) in cases) c[z, d]++;
        return c;
    }

    private (double Llr, int Center, int K, int Length, int C, double Mu) Best(int[,] counts, int[] zoneTotals,
        int[] periodTotals, int total)
    {
        var best = (Llr: 0.0, Center: 0, K: 0, Length: 0, C: 0, Mu: 0.0);
        var maxLen = Math.Min(MaxPeriods, periodTotals.Length);
        var cum = new int[maxLen];
        for (var center = 0; center < _circles.Length; center++)
        {
            Array.Clear(cum);
            long zoneSum = 0;
            var circle = _circles[center];
            for (var k = 0; k < circle.Length; k++)
            {
                var z = circle[k];
                zoneSum += zoneTotals[z];
                var running = 0;
                for (var d = 0; d < maxLen; d++) { running += counts[z, d]; cum[d] += running; }
                if (zoneSum == 0) continue;
                long periodSum = 0;
                for (var len = 1; len <= maxLen; len++)
                {
                    periodSum += periodTotals[len - 1];
                    var c = cum[len - 1];
                    var mu = zoneSum * (double)periodSum / total;
                    if (c <= mu || mu <= 0) continue;
                    var llr = c * Math.Log(c / mu)
                        + (total - c > 0 ? (total - c) * Math.Log((total - c) / (total - mu)) : 0);
                    if (llr > best.Llr) best = (llr, center, k + 1, len, c, mu);
                }
            }
        }
        return best;
    }
}

using Hotline.Models.Detection;

namespace Hotline.Models.Tests.Detection;

/// <summary>Space-time permutation scan (Kulldorff et al. 2005) on small hand-made grids.</summary>
public sealed class ScanStatisticTests
{
    private static List<ScanZone> Grid(int n) => Enumerable.Range(0, n * n)
        .Select(i => new ScanZone($"Z{i:D2}", 35 + i / n * 0.02, 118 + i % n * 0.02)).ToList(); // ~2 km apart

    private static List<(int Zone, int Period)> Uniform(int zones, int periods, int perCell)
    {
        var cases = new List<(int, int)>();
        for (var z = 0; z < zones; z++)
            for (var d = 0; d < periods; d++)
                for (var k = 0; k < perCell + (z * 7 + d * 3) % 2; k++) cases.Add((z, d));
        return cases;
    }

    [Fact]
    public void Likelihood_ratio_matches_the_formula_by_hand()
    {
        // Two far-apart zones, two periods: counts z0 = (6 now, 1 before), z1 = (2, 3). C = 12.
        var zones = new List<ScanZone> { new("A", 35, 118), new("B", 36, 119) };
        var cases = Enumerable.Repeat((0, 0), 6).Concat(Enumerable.Repeat((0, 1), 1))
            .Concat(Enumerable.Repeat((1, 0), 2)).Concat(Enumerable.Repeat((1, 1), 3)).ToList();
        var scan = new SpaceTimePermutationScan(zones) { MaxNeighbours = 0, MaxPeriods = 1, Replicates = 99 };
        var r = scan.Run(cases, periods: 2, seed: 1)!;
        // Best cylinder: zone A, latest period: c = 6, μ = C_A·C_now / C = 7·8/12.
        var mu = 7 * 8 / 12.0;
        var llr = 6 * Math.Log(6 / mu) + 6 * Math.Log(6 / (12 - mu));
        Assert.Equal(["A"], r.Zones);
        Assert.Equal(1, r.Periods);
        Assert.Equal(mu, r.Expected, 10);
        Assert.Equal(llr, r.LogLikelihoodRatio, 10);
    }

    [Fact]
    public void A_planted_local_burst_is_found_and_significant()
    {
        var zones = Grid(6);
        var cases = Uniform(zones.Count, 30, 1);
        for (var k = 0; k < 12; k++) { cases.Add((14, 0)); cases.Add((15, 0)); }
        var r = new SpaceTimePermutationScan(zones).Run(cases, 30, seed: 7)!;
        Assert.Contains("Z14", r.Zones);
        Assert.Equal(1, r.Periods);
        Assert.Equal(999, r.Replicates);
        Assert.True(r.PValue <= 0.002, $"p = {r.PValue}");
        Assert.True(r.GumbelPValue < 1e-4, $"Gumbel p = {r.GumbelPValue}");
        Assert.True(r.RecurrenceIntervalDays > 100);
    }

    [Fact]
    public void Without_a_burst_the_best_cluster_is_not_significant_and_stops_early()
    {
        var zones = Grid(6);
        var r = new SpaceTimePermutationScan(zones).Run(Uniform(zones.Count, 30, 1), 30, seed: 7);
        Assert.True(r is null || r.PValue > 0.05, $"p = {r?.PValue}");
        Assert.True(r is null || r.Replicates < 999, "sequential Monte Carlo stops once the answer is clear");
    }

    [Fact]
    public void Same_seed_same_answer()
    {
        var zones = Grid(5);
        var cases = Uniform(zones.Count, 20, 1);
        cases.AddRange(Enumerable.Repeat((3, 1), 6));
        var a = new SpaceTimePermutationScan(zones).Run(cases, 20, seed: 3)!;
        var b = new SpaceTimePermutationScan(zones).Run(cases, 20, seed: 3)!;
        Assert.Equal(a, b with { Zones = a.Zones });
        Assert.Equal(a.Zones, b.Zones);
    }
}

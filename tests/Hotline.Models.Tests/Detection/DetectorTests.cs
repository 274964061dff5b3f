using System.Globalization;
using Hotline.Models.Detection;

namespace Hotline.Models.Tests.Detection;

/// <summary>
/// Count detectors against hand-computed values and against R surveillance (reference values in Oracle/,
/// produced by Oracle/make-oracle.R from seeded synthetic series).
/// </summary>
public sealed class DetectorTests
{
    private static string Oracle(string file) => Path.Combine(AppContext.BaseDirectory, "Detection", "Oracle", file);

    private static List<string[]> Rows(string file) => File.ReadLines(Oracle(file)).Skip(1).Select(l => l.Split(','))
        .ToList();

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Ears_c1_by_hand()
    {
        var p = new Ears(EarsMethod.C1).Run([1, 2, 3, 4, 5, 6, 7, 20]);
        Assert.All(p.Take(7), x => Assert.Null(x.Threshold));
        var sd = Math.Sqrt(28.0 / 6); // values 1..7: mean 4, squared deviations sum to 28, n − 1 = 6
        Assert.Equal(4, p[7].Expected!.Value, 10);
        Assert.Equal(4 + 3 * sd, p[7].Threshold!.Value, 10);
        Assert.Equal(16 / sd, p[7].Statistic!.Value, 10);
        Assert.True(p[7].Alarm);
    }

    [Fact]
    public void Ears_c3_sums_the_last_three_c2_excesses()
    {
        // Nine quiet days, then 7, 8, 9: with min SD 1, C2 = 2, 3, 4 and C3 = 1 + 2 + 3 = 6 on the third day.
        var p = new Ears(EarsMethod.C3, minSigma: 1).Run([5, 5, 5, 5, 5, 5, 5, 5, 5, 7, 8, 9, 5]);
        Assert.Null(p[10].Statistic); // needs C2 two days back, which needs 7 + 2 earlier days
        Assert.Equal(6, p[11].Statistic!.Value, 10);
        Assert.True(p[11].Alarm);
        Assert.Equal(0, p[11].Threshold!.Value); // the two previous days already exceed 2
        Assert.True(p[12].Alarm); // CDC's C3 keeps alarming while the recent excess is in the window
        Assert.Equal(5, p[12].Statistic!.Value, 10);
    }

    [Fact]
    public void Ears_min_sigma_stops_one_ticket_alarms_on_a_quiet_series()
    {
        var quiet = Enumerable.Repeat(0.0, 10).Append(1).ToArray();
        Assert.True(new Ears(EarsMethod.C1).Run(quiet)[^1].Alarm);
        Assert.False(new Ears(EarsMethod.C1, minSigma: 0.5).Run(quiet)[^1].Alarm);
    }

    [Theory]
    [InlineData("ears_c1.csv", EarsMethod.C1)]
    [InlineData("ears_c2.csv", EarsMethod.C2)]
    public void Ears_matches_R_surveillance(string file, EarsMethod method)
    {
        var series = CountSeries.ReadCsv(Oracle("daily.csv"), "day");
        var points = new Ears(method, threshold: 3, minSigma: 0.5).Run(series.Counts);
        var byDate = series.Dates.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
        var rows = Rows(file);
        Assert.True(rows.Count > 100);
        foreach (var r in rows)
        {
            var p = points[byDate[DateOnly.Parse(r[0], CultureInfo.InvariantCulture)]];
            Assert.Equal(D(r[1]), p.Threshold!.Value, 6);
            Assert.Equal(r[2] == "1", p.Alarm);
        }
        Assert.Contains(points, x => x.Alarm); // the planted outbreak
    }

    [Fact]
    public void Poisson_cusum_by_hand()
    {
        var counts = Enumerable.Repeat(4.0, 30).Concat([8, 8, 8]).ToArray();
        var p = new PoissonCusum(baseline: 28, guard: 2, shift: 1.5, h: 5).Run(counts);
        var k = 3 / Math.Log(7 / 4.0); // λ0 = 4, λ1 = 4 + 1.5·√4 = 7
        Assert.Equal(k, PoissonCusum.ReferenceValue(4, 1.5), 10);
        Assert.Null(p[29].Threshold);
        Assert.Equal(8 - k, p[30].Statistic!.Value, 10);
        Assert.False(p[30].Alarm);
        Assert.Equal(5 + k - (8 - k), p[31].Threshold!.Value, 10);
        Assert.True(p[31].Alarm);
        Assert.Equal(8 - k, p[32].Statistic!.Value, 10); // restarted after the alarm
    }

    [Theory]
    [InlineData(0.95, 10, 0.5, 18)]
    [InlineData(0.95, 2.5, 0.2, 24)]
    [InlineData(0.95, 1000, 0.25, 3182)]
    public void Negative_binomial_quantile_matches_R_qnbinom(double p, double size, double prob, double expected) =>
        Assert.Equal(expected, FarringtonFlexible.NegativeBinomialQuantile(p, size, prob));

    [Theory]
    [InlineData(0.95, 3.7, 7)]
    [InlineData(0.95, 2500, 2583)]
    public void Poisson_quantile_matches_R_qpois(double p, double lambda, double expected) =>
        Assert.Equal(expected, FarringtonFlexible.PoissonQuantile(p, lambda));

    [Fact]
    public void Farrington_improved_defaults_match_R_farringtonFlexible()
    {
        var series = CountSeries.ReadCsv(Oracle("weekly.csv"), "week");
        var points = new FarringtonFlexible(series.Dates).Run(series.Counts);
        var byDate = series.Dates.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i);
        var rows = Rows("farrington.csv");
        Assert.True(rows.Count > 90);
        var alarms = 0;
        foreach (var r in rows)
        {
            var p = points[byDate[DateOnly.Parse(r[0], CultureInfo.InvariantCulture)]];
            Assert.True(p.Threshold is not null, $"{r[0]}: not judged");
            if (r[1] != "NA") Assert.True(D(r[1]) == p.Threshold, $"{r[0]}: threshold {p.Threshold} vs R {r[1]}");
            if (r[3] != "NA") Assert.True(Math.Abs(D(r[3]) - p.Expected!.Value) < 1e-5 * D(r[3]),
                $"{r[0]}: expected {p.Expected} vs R {r[3]}");
            Assert.True((r[2] == "1") == p.Alarm, $"{r[0]}: alarm {p.Alarm} vs R {r[2]}");
            if (p.Alarm) alarms++;
        }
        Assert.InRange(alarms, 3, 20);
    }
}

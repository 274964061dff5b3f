using Hotline.Models.Warning;
using Hotline.Models.Warning.Alerts;
using Hotline.Models.Warning.Detectors;

namespace Hotline.Models.Tests.Warning;

/// <summary>
/// The incident's own calls among a window's tickets (BurstStart) and the duty officer's card. Ticket times are
/// drawn from seeded Poisson processes, not written to fit.
/// </summary>
public sealed class BurstStartTests
{
    private static readonly DateTime T0 = new(2025, 11, 22, 0, 0, 0);

    /// <summary>Arrival times of a Poisson process of <paramref name="perHour"/> over [from, from + hours).</summary>
    private static List<DateTime> Poisson(Random rng, DateTime from, double hours, double perHour)
    {
        var times = new List<DateTime>();
        double Gap() => -Math.Log(1 - rng.NextDouble()) / perHour;
        for (var t = Gap(); t < hours; t += Gap()) times.Add(from.AddHours(t));
        return times;
    }

    [Theory]
    [InlineData(1, 0.5, 20.0)]
    [InlineData(2, 1.0, 8.0)]
    [InlineData(3, 0.3, 30.0)]
    public void The_burst_starts_where_the_rate_steps_up(int seed, double background, double burst)
    {
        var rng = new Random(seed);
        var start = T0.AddHours(62);
        var times = Poisson(rng, T0, 72, background).Concat(Poisson(rng, start, 3, burst)).Order().ToList();
        var i = BurstStart.Find(times);
        Assert.True(Math.Abs((times[i] - start).TotalMinutes) <= 60, $"found {times[i]:HH:mm}, burst {start:HH:mm}");
        var kept = times.Skip(i).ToList();
        var own = kept.Count(t => t >= start);
        Assert.True(own >= kept.Count * 0.8, $"{own} of {kept.Count} kept are the burst's");
    }

    [Theory]
    [InlineData(6, 4.0, 40.0)]
    [InlineData(7, 7.0, 60.0)]
    [InlineData(8, 1.0, 12.0)]
    public void A_burst_in_the_middle_of_a_day_is_cut_from_the_background_on_both_sides(int seed, double background,
        double burst)
    {
        // An alert open for the evening after its incident: background all day, a burst of an hour and a half at
        // 17:00, background again until midnight (the shape of the simulated year's water-main bursts in big counties).
        var rng = new Random(seed);
        var start = T0.AddHours(17);
        var times = Poisson(rng, T0.AddHours(6), 18, background).Concat(Poisson(rng, start, 1.5, burst)).Order()
            .ToList();
        var (first, last) = BurstStart.Segment(times);
        Assert.True(Math.Abs((times[first] - start).TotalMinutes) <= 60, $"found {times[first]:HH:mm}");
        var kept = times.Skip(first).Take(last - first + 1).ToList();
        var own = kept.Count(t => t >= start && t < start.AddHours(1.5));
        Assert.True(own >= kept.Count * 0.8, $"{own} of {kept.Count} kept are the burst's");
        Assert.True(own >= times.Count(t => t >= start && t < start.AddHours(1.5)) * 0.8, "most of the burst kept");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void A_steady_stream_is_one_episode(int seed)
    {
        var times = Poisson(new Random(seed), T0, 72, 2).ToList();
        Assert.Equal(0, BurstStart.Find(times));
        Assert.Equal(0, BurstStart.Find(times.Take(5).ToList()));
        Assert.Equal((0, times.Count - 1), BurstStart.Segment(times));
    }

    [Fact]
    public void The_card_is_chinese_names_owners_quotes_the_playbook_and_masks_callers()
    {
        var alert = new Alert
        {
            Id = "AL-test", GroupKey = "gas|371302", RiskGroup = "gas", District = "371302", AreaCode = "371302001",
            AreaName = "兰山区兰山街道", OpenedAt = T0, UpdatedAt = T0, Severity = Severity.Critical,
            Title = "兰山区兰山街道：燃气泄漏及爆燃风险", Owners = ["C-YJ", "C-XF"],
        };
        for (var i = 0; i < 5; i++)
            alert.Tickets[$"T{i}"] = new WarningTicket($"T{i}", T0.AddMinutes(10 * i), "PU.GAS.SMELL", "gas", "371302",
                "371302001", "c" + i, $"楼道里煤气味很大，我叫王小明，电话13812345678，身份证370102199001011234",
                Place: "兰山区兰山街道阳光花园", Confidential: i == 4);
        var md = AlertCard.Markdown(alert);
        Assert.StartsWith("### 【特别严重】", md);
        Assert.Contains("临沂市应急管理局", md);
        Assert.Contains("建议处置", md);
        Assert.Contains(Playbook.Default.Find("gas")!.FirstActions[0], md);
        Assert.Contains("集中地点：兰山区兰山街道阳光花园", md);
        Assert.Contains("来电摘录", md);
        Assert.DoesNotContain("王小明", md);
        Assert.DoesNotMatch(@"\d{7,}", md.Replace("AL-test", ""));
        Assert.DoesNotContain("1234", md);
        Assert.Equal(3, AlertCard.Samples(alert).Count);
    }

    [Theory]
    [InlineData("gas", true)]
    [InlineData("heating", false)]
    public void Seasonal_rises_are_notes_but_never_for_life_and_property(string group, bool lifeSafety)
    {
        var tickets = Enumerable.Range(0, 8).Select(i => new WarningTicket($"S{i}", T0.AddMinutes(7 * i), null, group,
            "371302", "371302001", "c" + i, "")).ToList();
        var changes = new AlertManager(ReferenceData.Default).Apply(T0.AddHours(1), [new Signal
        {
            Detector = DetectorName.WindowCount, RiskGroup = group, District = "371302", Tickets = tickets,
            Expectable = true, Observed = 8, Expected = 2, PValue = 1e-4, Window = TimeSpan.FromHours(3),
        }]);
        var severity = Assert.Single(changes).Alert.Severity;
        if (lifeSafety) Assert.True(severity >= Severity.Medium, $"{group}: {severity}");
        else Assert.Equal(Severity.Low, severity);
    }
}

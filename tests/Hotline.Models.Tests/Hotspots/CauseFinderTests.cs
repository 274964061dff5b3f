using Hotline.Models.Hotspots;

namespace Hotline.Models.Tests.Hotspots;

/// <summary>
/// Causes read from texts written for this test the way callers word a reason (not the simulator's phrase bank).
/// </summary>
public sealed class CauseFinderTests
{
    [Theory]
    [InlineData("家里暖气一直不热，物业说是管道老化，让我们等着。", "管道老化")]
    [InlineData("我们这栋楼停水三天了，因为小区门口施工挖断了管子", "小区门口施工挖断了管子")]
    [InlineData("楼上装修导致我家卫生间漏水", "楼上装修")]
    [InlineData("由于开发商资金链断裂，项目停工一年多了。", "开发商资金链断裂")]
    public void Reads_the_stated_reason(string text, string cause) =>
        Assert.Contains(cause, CauseFinder.Clauses(text));

    [Theory]
    [InlineData("小区门口的路灯不亮了，晚上走路很不方便，希望尽快修一下。")]
    [InlineData("搅拌站整夜施工，对周边居民造成严重影响")] // the harmed party, not the cause
    [InlineData("希望引起有关部门重视")] // a demand
    [InlineData("从而导致")] // a connective alone names nothing
    public void A_sentence_without_a_stated_cause_gives_none(string text) => Assert.Empty(CauseFinder.Clauses(text));

    [Fact]
    public void A_cause_counts_once_per_ticket_and_only_when_two_tickets_state_it()
    {
        var causes = CauseFinder.Find(
        [
            "暖气不热，物业说是管道老化。物业又说是管道老化。",
            "我家也不热，物业说是管道老化",
            "供暖温度太低，听说是换热站坏了",
        ]);
        var top = Assert.Single(causes);
        Assert.Equal(new Cause("管道老化", 2, true), top);
    }

    [Fact]
    public void Where_no_clause_recurs_the_words_the_reasons_share_are_given()
    {
        var causes = CauseFinder.Find(
        [
            "路面塌了个坑，因为旁边燃气施工没回填好",
            "由于燃气公司施工，路被挖得坑坑洼洼",
            "门口全是土，说是燃气管道施工还没完",
        ]);
        Assert.NotEmpty(causes);
        Assert.All(causes, c => Assert.False(c.Phrase));
        Assert.Equal(new Cause("施工", 3, false), causes[0]);
    }
}

using Hotline.Models.Routing;

namespace Hotline.Models.Tests.Routing;

/// <summary>
/// The dispatch catalogue (Reference/catalogue.yaml) and the safety layer that reads it. The catalogue is edited
/// by centre staff, so its consistency with categories.csv is checked here rather than trusted.
/// </summary>
public sealed class SafetyLayerTests
{
    private static readonly DispatchCatalogue Catalogue = DispatchCatalogue.Default;
    private static readonly SafetyLayer Layer = new(Catalogue);

    [Fact]
    public void Catalogue_has_one_entry_per_category_and_agrees_with_categories_csv()
    {
        var categories = ReferenceData.Default.Categories.ToDictionary(c => c.Code);
        Assert.Equal(categories.Keys.Order(), Catalogue.Entries.Select(e => e.Code).Order());
        Assert.All(Catalogue.Entries, e =>
        {
            var c = categories[e.Code];
            Assert.Equal(c.Lead, e.Lead);
            Assert.Equal(c.Tier, e.Tier);
            Assert.Equal(c.Disposition.Code(), e.Disposition);
            Assert.Equal(e.Code.StartsWith("EM.", StringComparison.Ordinal) ? SafetyLevel.Emergency
                : c.Tier == "2h" ? SafetyLevel.Hazard2h : SafetyLevel.None, e.Safety);
            Assert.All(e.Exclusions, x => Assert.True(categories.ContainsKey(x.Target), $"{e.Code}: {x.Target}"));
            Assert.InRange(e.Expressions.Count, 15, 50);
            if (e.Safety != SafetyLevel.None) Assert.True(e.UrgentCues.Count > 0 && e.NotUrgentCues.Count > 0);
        });
        var phrases = Catalogue.Entries.SelectMany(e => e.Expressions.Select(x => (x, e.Code)))
            .GroupBy(p => p.x).Where(g => g.Select(p => p.Code).Distinct().Count() > 1).Select(g => g.Key).ToList();
        Assert.True(phrases.Count == 0, "phrases in two entries: " + string.Join("、", phrases));
        Assert.False(string.IsNullOrEmpty(Catalogue.Version));
    }

    [Theory]
    [InlineData("厨房一股燃气味，关了阀门还有", "PU.GAS.SMELL")]
    [InlineData("人困电梯里了 快来", "EM.FIRE.TRAPPED")]
    [InlineData("俺家灶屋里的油锅着了，火窜到抽油烟机上了", "EM.FIRE.HOUSE")]
    [InlineData("路口两辆车撞车了，有人躺地上流血", "EM.TRAFFIC.INJURY")]
    public void Phrases_of_now_are_urgent(string text, string code)
    {
        var f = SafetyLayer.Choose(Layer.FindAll(text), _ => 0);
        Assert.NotNull(f);
        Assert.Equal(code, f.Entry.Code);
        Assert.True(f.Urgent);
    }

    [Theory]
    [InlineData("上个月我被车撞了，现在在法院打官司，对方一直拖着不赔钱")]
    [InlineData("小区消防通道被堵死了，万一着火了消防车都进不来")]
    [InlineData("前天我被困在电梯里，消防队员十分钟就到了，特别感谢")]
    public void Past_or_hypothetical_phrases_do_not_act_alone(string text)
    {
        var all = Layer.FindAll(text);
        Assert.NotEmpty(all);
        Assert.Null(SafetyLayer.Choose(all, _ => 0));
    }

    [Fact]
    public void Among_several_findings_the_model_picks_the_matter()
    {
        var all = Layer.FindAll("夜里十点多一下子没电了，俺家有个瘫在床上的老人，这大冬天的冻得受不了");
        Assert.Equal(["PU.HEAT.STOP", "PU.POWER.OUTAGE"], all.Select(f => f.Entry.Code).Order().ToArray());
        Assert.Equal("PU.POWER.OUTAGE", SafetyLayer.Choose(all, c => c == "PU.POWER.OUTAGE" ? 0.6 : 0.1)!.Entry.Code);
        Assert.Equal("PU.HEAT.STOP", SafetyLayer.Choose(all, c => c == "PU.HEAT.STOP" ? 0.6 : 0.1)!.Entry.Code);
    }

    [Fact]
    public void A_city_edits_its_own_catalogue_and_typos_are_refused_by_name()
    {
        var dir = TestData.TempDir("catalogue");
        var path = Path.Combine(dir, "catalogue.yaml");
        File.WriteAllText(path, """
            city: 某市
            version: "1"
            entries:
              - code: PU.GAS.SMELL
                name: 燃气泄漏异味
                expressions: [闻到怪味道]
                urgent_cues: [现在]
                not_urgent_cues: [上次]
                lead: utility:gas
                tier: 2h
                disposition: dispatch
                safety: hazard_2h
            """);
        var own = DispatchCatalogue.Load(path);
        Assert.Equal("PU.GAS.SMELL", SafetyLayer.Choose(new SafetyLayer(own).FindAll("现在楼道里闻到怪味道"), _ => 0)
            ?.Entry.Code);
        File.WriteAllText(path, File.ReadAllText(path).Replace("safety: hazard_2h", "safety: urgent"));
        var e = Assert.Throws<InvalidDataException>(() => DispatchCatalogue.Load(path));
        Assert.Contains("PU.GAS.SMELL", e.Message);
    }
}

using Hotline.Models.Evaluation;
using Hotline.Simulator.Realism;

namespace Hotline.Simulator.Tests.Realism;

public class PublicClassesTests
{
    // The 7 first-level classes of ../shared/data/teddy2020/messages.csv (its README).
    private static readonly string[] TeddyClasses = ["城乡建设", "劳动和社会保障", "教育文体", "商贸旅游", "卫生计生", "环境保护", "交通运输"];

    [Fact]
    public void Every_mapped_code_is_a_simulator_category_and_every_public_class_is_covered()
    {
        var codes = ReferenceData.Default.Categories.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        var map = PublicClasses.Teddy2020;
        Assert.All(map.Keys, k => Assert.Contains(k, codes));
        Assert.All(map.Values, v => Assert.Contains(v, TeddyClasses));
        Assert.Equal(TeddyClasses.Order(StringComparer.Ordinal), map.Values.Distinct().Order(StringComparer.Ordinal));
        // Emergencies and centre dispositions have no counterpart and must stay out of the comparison.
        Assert.DoesNotContain(map.Keys, k => k.StartsWith("EM.", StringComparison.Ordinal)
            || k.StartsWith("OT.", StringComparison.Ordinal));
    }

    [Fact]
    public void Title_and_body_become_one_text()
    {
        Assert.Equal("标题正文", TransferEvaluation.Example("标题", "正文", "x").Body);
        Assert.Equal("正文", TransferEvaluation.Example(null, "正文", "x").Body);
        Assert.Equal("标题", TransferEvaluation.Example("标题", "", "x").Body);
        Assert.Equal("", TransferEvaluation.Example("标题", "正文", "x").Title);
    }
}

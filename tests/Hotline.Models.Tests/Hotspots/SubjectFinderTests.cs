using Hotline.Models.Hotspots;

namespace Hotline.Models.Tests.Hotspots;

/// <summary>
/// Subjects read from titles written for this test in the way callers and clerks word them (not the simulator's
/// phrase bank): the named enterprise, school, project or compound, never the caller's determiner or the division.
/// </summary>
public sealed class SubjectFinderTests
{
    private readonly SubjectFinder _finder = new(["兰山区", "银雀山街道", "河东区"]);

    [Theory]
    [InlineData("投诉兰山区银雀山街道凤凰名苑暖气不热", null, "凤凰名苑", SubjectKind.Place)]
    [InlineData("A3区青青家园小区门口炒货店摆摊扰民", null, "青青家园", SubjectKind.Place)]
    [InlineData("反映立新健身房突然闭店不退费", null, "立新健身房", SubjectKind.Business)]
    [InlineData("河东区万家福超市卖过期食品", null, "万家福超市", SubjectKind.Business)]
    [InlineData("临沂宏达建设有限公司拖欠工资", null, "临沂宏达建设公司", SubjectKind.Business)]
    [InlineData("解放路丽景花园附近搅拌站夜间施工", null, "丽景花园", SubjectKind.Place)]
    [InlineData("咨询", "孩子在育才小学上学，学校乱收资料费", "育才小学", SubjectKind.Institution)]
    public void Reads_the_named_subject(string title, string? body, string name, SubjectKind kind)
    {
        var s = _finder.Find(title, body);
        Assert.NotNull(s);
        Assert.Equal(name, s.Name);
        Assert.Equal(kind, s.Kind);
    }

    [Theory]
    [InlineData("那家健身房跑路了，卡里还有钱")]
    [InlineData("我们小区暖气不热")]
    [InlineData("希望市政府解决退休补贴")]
    [InlineData("农村道路坑洼")]
    public void A_kind_word_without_a_name_names_no_subject(string title) => Assert.Null(_finder.Find(title, null));

    [Fact]
    public void A_business_is_one_subject_city_wide_and_a_compound_is_not() =>
        Assert.True(_finder.Find("立新健身房闭店", null)!.CityWide && !_finder.Find("凤凰名苑停水", null)!.CityWide);
}

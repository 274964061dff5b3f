using Hotline.Models.Knowledge;

namespace Hotline.Models.Tests.Knowledge;

public sealed class KnowledgeTests
{
    private static readonly List<KbEntry> Entries =
    [
        new("1", "新生儿医保怎么办理，需要带哪些材料", "新生儿可在出生后三个月内持出生医学证明和户口簿到社区办理参保，联系电话13812345678。", "HW.INS.PAY",
            new DateTime(2025, 3, 1)),
        new("2", "公积金异地购房能不能提取", "在临沂缴存的公积金可用于异地购房提取，需提供购房合同和发票。", "GS.GJJ.WITHDRAW", new DateTime(2025, 3, 2)),
        new("3", "孩子上幼儿园报名需要什么手续", "幼儿园报名需户口簿、房产证或租赁备案和预防接种证。", "ED.ADM.POLICY", new DateTime(2025, 3, 3)),
    ];

    [Fact]
    public void The_closest_answered_question_comes_first_with_personal_data_masked()
    {
        var kb = new KnowledgeBase(Entries);
        var top = kb.Nearest("想问一下刚出生的宝宝医保在哪里办，要带什么");
        Assert.NotEmpty(top);
        Assert.Equal("1", top[0].Id);
        Assert.DoesNotContain("13812345678", top[0].Reply);
        Assert.Contains("138****5678", top[0].Reply);
        Assert.Empty(kb.Nearest("路灯坏了"));
    }

    [Theory]
    [InlineData("我的电话是13912345678请回电", "13912345678")]
    [InlineData("身份证号37130219900101123X", "37130219900101123X")]
    [InlineData("卡号6222021234567890123", "6222021234567890123")]
    [InlineData("邮箱zhang.san@example.com", "zhang.san@example.com")]
    [InlineData("我住5号楼2单元301室", "301室")]
    [InlineData("座机0539-8123456", "8123456")]
    public void Text_masker_removes_personal_data(string text, string secret) =>
        Assert.DoesNotContain(secret, TextMasker.Mask(text));

    [Fact]
    public void Replying_unit_is_read_from_the_reply() =>
        Assert.Equal("A3区住建局", KbEvaluation.ReplyingUnit("您好！针对您反映的问题,A3区住建局高度重视，现回复如下"));
}

using Hotline.Models.Hotspots;

namespace Hotline.Models.Tests.Hotspots;

public sealed class HotspotTests
{
    [Fact]
    public void Messages_about_one_problem_at_one_place_form_the_top_hot_issue()
    {
        var docs = new List<HotspotInput>();
        for (var i = 0; i < 8; i++)
            docs.Add(new HotspotInput($"m{i}", i % 2 == 0 ? "投诉丽发新城小区附近搅拌站噪音扰民" : "丽发新城小区旁边搅拌站灰尘噪音严重",
                $"丽发新城小区附近的搅拌站每天晚上施工，噪音和灰尘很大，第{i}次反映", new DateTime(2019, 11, 13).AddDays(i), i, 0));
        var noise = new[] { "道路", "学校", "医保", "公积金", "停车", "路灯", "绿化", "公交", "税务", "户口", "养老", "燃气" };
        for (var i = 0; i < 60; i++)
            docs.Add(new HotspotInput($"x{i}", $"咨询{noise[i % noise.Length]}办理{i}",
                $"想了解一下{noise[(i * 5) % noise.Length]}相关政策，编号{i}",
                new DateTime(2019, 6, 1).AddDays(i), 0, 0));
        var top = new HotspotClustering().Find(docs, 3);
        Assert.NotEmpty(top);
        var first = top[0];
        Assert.Equal(8, first.Messages);
        Assert.All(first.Ids, id => Assert.StartsWith("m", id));
        Assert.Contains("丽发新城", first.Place);
        Assert.Equal(new DateTime(2019, 11, 13), first.From);
        Assert.Equal(28, first.Likes);
    }
}

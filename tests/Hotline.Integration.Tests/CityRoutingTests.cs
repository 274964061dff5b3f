using Hotline.Ingest.Import;
using Hotline.Models.CityRouting;
using Hotline.Models.Routing;

namespace Hotline.Integration.Tests;

/// <summary>
/// Routing learned from an imported city's own history: a mailbox where the replying unit follows from the county
/// the letter names and what it is about (the county government for local matters, the county's 教育局 for
/// schools, the city's 公安局 for public order). The assistant must beat the place-only rule and the majority
/// unit on a time split, reach a county 教育局 it never saw answer (from the function other counties' 教育局
/// taught and the place), and save, load and route through `hotline train` / `route`.
/// </summary>
public class CityRoutingTests
{
    private static readonly string[] Counties = ["商州区", "洛南县", "丹凤县", "商南县", "山阳县", "镇安县", "柞水县"];

    private static readonly (string Matter, string Unit)[] Matters =
    [
        ("村里道路坑洼多年没人修，下雨天根本走不了", "{0}人民政府"),
        ("组里的垃圾堆了半个月没人清运，臭气熏天", "{0}人民政府"),
        ("学校午餐收费太高，孩子吃不饱", "{0}教育局"),
        ("幼儿园乱收费，还强制买校服", "{0}教育局"),
        ("晚上有人在街上聚众赌博打架", "商洛市公安局"),
        ("全市公积金提取政策是怎样的", "商洛市住房公积金管理中心"),
    ];

    [Fact]
    public void The_assistant_beats_its_baselines_on_a_time_split_and_routes_after_training()
    {
        var dir = TestData.TempDir("city-routing");
        var csv = Path.Combine(dir, "letters.csv");
        var sb = new StringBuilder("id,time,title,body,unit,replied,reply\n");
        var rng = new Random(3);
        var start = new DateTime(2024, 1, 1);
        for (var i = 0; i < 900; i++)
        {
            var county = Counties[rng.Next(Counties.Length)];
            var (matter, unit) = Matters[rng.Next(Matters.Length)];
            // 柞水县教育局 only answers in the test period: its function and its county must find it.
            if (i < 700 && county == "柞水县" && unit.StartsWith("{0}教育局", StringComparison.Ordinal)) county = "镇安县";
            var at = start.AddHours(i * 9);
            var place = rng.Next(4) == 0 ? "" : $"我是{county}的村民，";
            sb.Append($"L{i},{at:yyyy-MM-dd HH:mm:ss},反映问题,{place}{matter}，请领导关注,{string.Format(unit, county)},"
                + $"{at.AddDays(2):yyyy-MM-dd HH:mm:ss},已转办\n");
        }
        File.WriteAllText(csv, sb.ToString());
        var db = Path.Combine(dir, "city.duckdb");
        const string mapping = """
            city: { name: 商洛市, division_code: "6110" }
            shape: mailbox
            columns: { id: id, opened: time, title: title, content: body, unit: unit, replied: replied, reply_text: reply }
            defaults: { channel: web, request_type: complaint }
            """;
        using (var w = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages))
            new Importer(w, ImportMapping.Parse(mapping, "m")).Run(csv, dryRun: false);

        using var warehouse = WarehouseDb.Open(db, Hotline.Server.ServerSchema.AllStages);
        var result = CityRoutingEvaluation.Run(RoutingData.Load(warehouse), warehouse.Reference, "商洛市",
            start.AddHours(700 * 9), seed: 7);
        var score = result.Methods.ToDictionary(m => m.Method);
        Assert.Equal(200, result.TestCases);
        Assert.True(score["assistant"].Top1 > score["place_only"].Top1 + 0.1,
            $"assistant {score["assistant"].Top1:P1}, place only {score["place_only"].Top1:P1}");
        Assert.True(score["assistant"].Top1 > score["majority"].Top1 + 0.3);
        Assert.True(score["assistant"].Top1 >= score["tfidf_svm"].Top1 - 0.02,
            $"assistant {score["assistant"].Top1:P1}, peer {score["tfidf_svm"].Top1:P1}");

        var router = CityRouter.Train(RoutingData.Load(warehouse), warehouse.Reference, seed: 7);
        CityModelStore.Save(warehouse, router, new DateTime(2024, 6, 1));
        var loaded = CityModelStore.Load(warehouse)!;
        var names = warehouse.Reference.Units.ToDictionary(u => u.UnitId, u => u.Name);
        var route = loaded.Route(new RoutingExample
        {
            TicketId = "", ReceivedAt = start, Content = "我是柞水县的家长，学校午餐收费太高，孩子吃不饱",
        });
        Assert.Equal("柞水县教育局", names[route.Units[0].Label]);
        Assert.Contains("611026", route.Places);
    }
}

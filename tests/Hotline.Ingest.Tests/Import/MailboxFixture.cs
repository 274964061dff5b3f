namespace Hotline.Ingest.Tests.Import;

/// <summary>
/// A small mayor's-mailbox export written by the tests: letters about 商洛市's counties and townships, each with the
/// unit that replied, in the spellings real exports mix (人民政府/政府, a trailing space), and a few broken rows.
/// </summary>
internal static class MailboxFixture
{
    public const string Mapping = """
        city:
          name: 商洛市
          division_code: "6110"
          regulation: 《商洛市12345政务服务便民热线管理办法》
        shape: mailbox
        ticket_prefix: SL
        columns:
          id: 编号
          opened: 来信时间
          title: 标题
          content: 内容
          unit: 答复单位
          reply_text: 答复内容
          replied: 答复时间
          channel: 渠道
        values:
          channel: { 网站: web, 微信: wechat }
        defaults:
          channel: web
          request_type: complaint
        units:
          aliases:
            市住建局: 商洛市住房和城乡建设局
        skip:
          - column: 标题
            values: [测试]
        """;

    /// <summary>(place in the letter, replying unit) pairs the letters cycle through.</summary>
    private static readonly (string Place, string Unit, string Matter)[] Letters =
    [
        ("商州区大赵峪街道", "商州区人民政府", "小区门口道路坑洼多年无人修"),
        ("丹凤县龙驹寨街道", "丹凤县政府", "农村饮水管道冬季冻裂停水"),
        ("洛南县", "洛南县人民政府", "村里垃圾堆放无人清运"),
        ("商州区", "商州区教育局", "学校午餐收费过高"),
        ("山阳县", "山阳县教育局", "幼儿园乱收费"),
        ("", "市住建局", "全市物业收费标准咨询"),
        ("", "商洛市住房和城乡建设局 ", "公租房申请条件"),
        ("柞水县乾佑街道", "柞水县乾佑街道办事处", "街道路灯不亮"),
    ];

    public static string WriteCsv(string dir, int rows, Encoding encoding, bool withBadRows = true)
    {
        var path = Path.Combine(dir, "mailbox.csv");
        var sb = new StringBuilder("编号,来信时间,标题,内容,答复单位,答复内容,答复时间,渠道\n");
        var start = new DateTime(2024, 1, 2, 9, 0, 0);
        for (var i = 0; i < rows; i++)
        {
            var (place, unit, matter) = Letters[i % Letters.Length];
            var at = start.AddHours(i * 7);
            sb.Append($"M{i:0000},{at:yyyy-MM-dd HH:mm:ss},{matter},\"我住在{place}，{matter}，已经反映过，请尽快处理\",{unit},"
                + $"经核实已安排处理,{at.AddDays(3):yyyy-MM-dd HH:mm:ss},{(i % 3 == 0 ? "微信" : "网站")}\n");
        }
        if (withBadRows)
        {
            sb.Append("M9001,昨天下午,路灯,路灯坏了,商州区人民政府,已修,2024-03-01 10:00:00,网站\n");
            sb.Append("M9002,2024-03-01 10:00:00,,,商州区人民政府,已修,2024-03-02 10:00:00,网站\n");
            sb.Append("M9003,2024-03-01 10:00:00,测试,测试内容,商州区人民政府,测试,2024-03-02 10:00:00,网站\n");
            sb.Append("M9004,2024-03-01 10:00:00,噪音,夜间施工噪音,商州区人民政府,已处理,下周,电话亭\n");
        }
        File.WriteAllText(path, sb.ToString(), encoding);
        return path;
    }

    public static ImportMapping Load(string? yaml = null) => ImportMapping.Parse(yaml ?? Mapping, "test mapping");
}

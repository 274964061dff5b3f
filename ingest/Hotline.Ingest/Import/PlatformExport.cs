using MiniExcelLibs;

namespace Hotline.Ingest.Import;

/// <summary>
/// Writes a warehouse's tickets the way a Chinese 12345 platform exports them (工单编号, 来电时间, 诉求渠道 … 回访满意度,
/// Chinese values, GBK-encoded CSV or .xlsx): the third worked example of docs/import.md, and a way to test the
/// importer on a file shaped like a real centre's without a real centre's data.
/// </summary>
public static class PlatformExport
{
    public static readonly string[] Header =
    [
        "工单编号", "来电时间", "诉求渠道", "诉求类型", "诉求标题", "诉求内容", "所属区县", "所属街道", "承办单位", "协办单位",
        "办理时限", "答复时间", "办结时间", "办理状态", "回访满意度",
    ];

    public static readonly IReadOnlyDictionary<string, string> Channels = new Dictionary<string, string>
    {
        ["phone"] = "电话", ["web"] = "网站", ["wechat"] = "微信", ["sms"] = "短信", ["email"] = "邮件", ["app"] = "APP",
    };

    public static readonly IReadOnlyDictionary<string, string> RequestTypes = new Dictionary<string, string>
    {
        ["consultation"] = "咨询", ["help"] = "求助", ["complaint"] = "投诉", ["report"] = "举报", ["suggestion"] = "建议",
    };

    public static readonly IReadOnlyDictionary<string, string> Satisfaction = new Dictionary<string, string>
    {
        ["satisfied"] = "满意", ["basically_satisfied"] = "基本满意", ["unsatisfied"] = "不满意",
    };

    public static readonly IReadOnlyDictionary<string, string> Statuses = new Dictionary<string, string>
    {
        ["closed"] = "已办结", ["replied"] = "已答复", ["terminated"] = "已终止",
    };

    /// <summary>Writes at most <paramref name="limit"/> tickets (oldest first) to a .csv (GB18030) or .xlsx
    /// file.</summary>
    public static int Write(DuckDBConnection conn, string path, int limit)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT t.ticket_id, t.received_at, t.channel, t.request_type, coalesce(t.title, ''), t.content,
                   d.name, s.name, u.name,
                   (SELECT string_agg(x.name, '、' ORDER BY x.name) FROM units x
                     WHERE list_contains(t.assist_units, x.unit_id)),
                   t.due_at, t.last_replied_at, t.closed_at, t.status, t.satisfaction
            FROM tickets t
            LEFT JOIN areas d ON d.code = t.district
            LEFT JOIN areas s ON s.code = t.township
            LEFT JOIN units u ON u.unit_id = t.lead_unit
            WHERE t.received_at IS NOT NULL AND NOT coalesce(t.confidential, false)
            ORDER BY t.received_at, t.ticket_id
            LIMIT $n
            """;
        cmd.Parameters.Add(new DuckDBParameter("n", limit));
        using var r = cmd.ExecuteReader();
        var rows = new List<string?[]>();
        static string? Time(DuckDBDataReader r, int i) =>
            r.IsDBNull(i) ? null : r.GetDateTime(i).ToString("yyyy/M/d H:mm:ss", CultureInfo.InvariantCulture);
        string? S(int i) => r.IsDBNull(i) ? null : r.GetValue(i).ToString();
        while (r.Read())
        {
            rows.Add([
                S(0), Time(r, 1), Channels.GetValueOrDefault(S(2) ?? ""), RequestTypes.GetValueOrDefault(S(3) ?? ""),
                S(4), S(5), S(6), S(7), S(8), S(9), Time(r, 10), Time(r, 11), Time(r, 12),
                Statuses.GetValueOrDefault(S(13) ?? "") ?? "办理中", Satisfaction.GetValueOrDefault(S(14) ?? ""),
            ]);
        }
        if (Path.GetExtension(path).Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            var sheet = rows.Select(row => Header.Select((h, i) => (h, (object?)row[i]))
                .ToDictionary(x => x.h, x => x.Item2));
            MiniExcel.SaveAs(path, sheet, overwriteFile: true);
        }
        else
        {
            using var w = new StreamWriter(path, false, TextDecoding.Gb18030);
            w.WriteLine(string.Join(',', Header));
            foreach (var row in rows) w.WriteLine(string.Join(',', row.Select(Quote)));
        }
        return rows.Count;
    }

    private static string Quote(string? s) =>
        s is null ? "" : s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}

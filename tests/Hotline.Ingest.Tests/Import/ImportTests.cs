namespace Hotline.Ingest.Tests.Import;

/// <summary>
/// `hotline import` end to end on real DuckDB files: a GBK mailbox export becomes cases with the replying unit as
/// lead, the city profile is built from it (units merged and typed, 商洛's real divisions), bad rows are dead
/// letters with their row numbers and reasons, a second import stores nothing, and a dry run writes nothing.
/// </summary>
public class ImportTests
{
    private static readonly Encoding Gbk = TextDecoding.Gb18030;

    [Fact]
    public void A_GBK_mailbox_export_imports_once_with_a_profile_of_its_own_city()
    {
        var dir = TestData.TempDir("import-mailbox");
        var csv = MailboxFixture.WriteCsv(dir, 40, Gbk);
        var db = Path.Combine(dir, "w.duckdb");
        ImportReport first;
        using (var w = WarehouseDb.Open(db)) first = new Importer(w, MailboxFixture.Load()).Run(csv, dryRun: false);

        Assert.Equal("gb18030", first.Encoding);
        Assert.Equal(44, first.RowsRead);
        Assert.Equal(1, first.RowsSkipped);
        Assert.Equal(40, first.RowsMapped);
        // Unparseable letter time (row 42), no words (row 43), unparseable reply time (row 45); a channel the
        // mapping does not know (电话亭) falls back to its default instead.
        Assert.Equal(3, first.DeadLetters);
        Assert.Equal([42L], first.Rejections["invalid_field"].FirstRows.Take(1));
        Assert.Contains(43L, first.Rejections["missing_field"].FirstRows);
        Assert.True(40 * 4 == first.EventsStored, $"stored {first.EventsStored}, duplicates {first.EventsDuplicate}, dead {first.DeadLetters}");

        using (var w = WarehouseDb.Open(db))
        {
            Assert.Equal("商洛市", w.City!.Name);
            Assert.Equal("《商洛市12345政务服务便民热线管理办法》", w.City.Regulation);
            var units = w.Reference.Units.ToDictionary(u => u.Name);
            // 人民政府/政府 and the alias 市住建局 merge; the trailing space does not make a unit.
            Assert.Equal(7, units.Count);
            Assert.Contains("商洛市住房和城乡建设局", units.Keys);
            Assert.Equal("city_department", units["商洛市住房和城乡建设局"].Kind);
            Assert.Equal("county_government", units["商州区人民政府"].Kind);
            Assert.Equal("611002", units["商州区人民政府"].AreaCode);
            Assert.Equal("county_department", units["山阳县教育局"].Kind);
            Assert.Equal("township_office", units["柞水县乾佑街道办事处"].Kind);
            Assert.Contains(w.Reference.Areas, a => a.Name == "大赵峪街道" && a.ParentCode == "611002");
            Assert.DoesNotContain(w.Reference.Areas, a => a.Name == "兰山区");

            var dead = Sql.Scalar<long>(w.Connection,
                "SELECT count(*) FROM dead_letters WHERE topic LIKE '%mailbox.csv row 42' AND reason LIKE 'row 42: %'");
            Assert.Equal(1, dead);
            Assert.Equal(40, Sql.Scalar<long>(w.Connection,
                "SELECT count(*) FROM tickets WHERE status = 'closed' AND lead_unit IS NOT NULL"));

            var again = new Importer(w, MailboxFixture.Load()).Run(csv, dryRun: false);
            Assert.Equal(0, again.EventsStored);
            Assert.Equal(0, again.DeadLetters);
            Assert.Equal(44, again.RowsAlreadyImported);
        }
    }

    [Fact]
    public void A_dry_run_reports_fill_rates_and_rejections_and_writes_nothing()
    {
        var dir = TestData.TempDir("import-dry");
        var csv = MailboxFixture.WriteCsv(dir, 16, new UTF8Encoding(true));
        var db = Path.Combine(dir, "w.duckdb");
        using var w = WarehouseDb.Open(db);
        var r = new Importer(w, MailboxFixture.Load()).Run(csv, dryRun: true);
        Assert.Equal("utf-8", r.Encoding);
        Assert.Equal(3, r.RowsRejected);
        Assert.Equal(new DateTime(2024, 1, 2, 9, 0, 0), r.From);
        Assert.InRange(r.FillRates["title"].Fill, 0.9, 0.99);
        Assert.Equal(1.0, r.FillRates["unit"].Fill);
        Assert.Equal(0, Sql.Scalar<long>(w.Connection, "SELECT count(*) FROM ticket_events"));
        Assert.Equal(0, Sql.Scalar<long>(w.Connection, "SELECT count(*) FROM dead_letters"));
        Assert.Null(CityProfileStore.Read(w.Connection));
    }

    [Fact]
    public void A_broken_mapping_names_every_problem_before_reading_a_row()
    {
        var yaml = MailboxFixture.Mapping.Replace("content: 内容", "contnet: 内容")
            .Replace("division_code: \"6110\"", "division_code: \"61x\"")
            .Replace("channel: { 网站: web, 微信: wechat }", "channel: { 网站: website }");
        var ex = Assert.Throws<InvalidDataException>(() => MailboxFixture.Load(yaml));
        Assert.Contains("'contnet' is not a field", ex.Message);
        Assert.Contains("division_code '61x'", ex.Message);
        Assert.Contains("'website' is not a channel value", ex.Message);
        var yamlError = Assert.Throws<InvalidDataException>(() => ImportMapping.Parse("city: [1, 2", "m.yaml"));
        Assert.StartsWith("m.yaml line", yamlError.Message);
    }

    [Fact]
    public void A_file_that_is_not_what_its_extension_says_fails_in_one_line()
    {
        var dir = TestData.TempDir("import-sniff");
        var csv = MailboxFixture.WriteCsv(dir, 4, Gbk, withBadRows: false);
        var fakeXlsx = Path.Combine(dir, "export.xlsx");
        File.Copy(csv, fakeXlsx);
        var ex = Assert.Throws<InvalidDataException>(() => SourceTable.Open(fakeXlsx, new SourceSection()));
        Assert.Contains("is not a .xlsx file: it holds text", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        var fakeCsv = Path.Combine(dir, "export.csv");
        File.WriteAllBytes(fakeCsv, [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0]);
        Assert.Contains("zip archive", Assert.Throws<InvalidDataException>(() =>
            SourceTable.Open(fakeCsv, new SourceSection())).Message);
        using var w = WarehouseDb.Open(Path.Combine(dir, "w.duckdb"));
        var missing = MailboxFixture.Mapping.Replace("答复单位", "回复单位");
        Assert.Contains("columns.unit names '回复单位', which the file does not have",
            Assert.Throws<InvalidDataException>(() => new Importer(w, MailboxFixture.Load(missing))
                .Run(csv, dryRun: true)).Message);
    }

    [Fact]
    public void Xlsx_parquet_and_jsonl_exports_read_the_same_rows_as_csv()
    {
        var dir = TestData.TempDir("import-formats");
        var csv = MailboxFixture.WriteCsv(dir, 12, Gbk, withBadRows: false);
        var table = SourceTable.Open(csv, new SourceSection());
        var rows = table.Rows().ToList();
        var xlsx = Path.Combine(dir, "export.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(xlsx,
            rows.Select(r => r.Cells.ToDictionary(kv => kv.Key, kv => (object?)kv.Value)));
        var jsonl = Path.Combine(dir, "export.jsonl");
        File.WriteAllLines(jsonl, rows.Select(r => System.Text.Json.JsonSerializer.Serialize(r.Cells)));
        var parquet = Path.Combine(dir, "export.parquet");
        using (var conn = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"COPY (SELECT * FROM read_json_auto('{jsonl}')) TO '{parquet}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }
        foreach (var path in new[] { xlsx, jsonl, parquet })
        {
            var other = SourceTable.Open(path, new SourceSection()).Rows().ToList();
            Assert.Equal(rows.Count, other.Count);
            for (var i = 0; i < rows.Count; i++)
                foreach (var (column, value) in rows[i].Cells)
                    Assert.Equal(value, other[i].Cells.GetValueOrDefault(column));
        }
    }
}

namespace Hotline.Ingest.Warehouse;

/// <summary>Replaces the dimension tables' content with the reference data (inside the caller's transaction).</summary>
internal static class ReferenceTables
{
    public static void Load(DuckDBConnection conn, ReferenceData r)
    {
        foreach (var t in new[] { "areas", "units", "categories", "holidays", "risk_groups" }) Sql.Execute(conn,
            $"DELETE FROM {t}");
        using (var a = conn.CreateAppender("areas"))
            foreach (var x in r.Areas)
                a.CreateRow().AppendValue(x.Code).AppendValue(x.Name).AppendValue(x.Level).AppendValue(x.Kind)
                    .AppendValue(x.ParentCode).AppendValue(x.Lat).AppendValue(x.Lon).AppendValue(x.Population).EndRow();
        using (var a = conn.CreateAppender("units"))
            foreach (var x in r.Units)
                a.CreateRow().AppendValue(x.UnitId).AppendValue(x.Name).AppendValue(x.Kind).AppendValue(x.AreaCode)
                    .AppendValue(x.Dept).AppendValue(x.Utility).AppendValue(x.ServiceAreas.ToList())
                        .AppendValue(x.AlwaysOn).EndRow();
        using (var a = conn.CreateAppender("categories"))
            foreach (var x in r.Categories)
                a.CreateRow().AppendValue(x.Code).AppendValue(x.Level1).AppendValue(x.Level2).AppendValue(x.Name)
                    .AppendValue(x.Tier)
                    .AppendValue(x.Lead).AppendValue(x.Assist.ToList()).AppendValue(x.Disposition.Code())
                        .AppendValue(x.RiskGroup)
                    .AppendValue(x.Season).AppendValue(x.Weight).EndRow();
        using (var a = conn.CreateAppender("holidays"))
            foreach (var x in r.Holidays)
                a.CreateRow().AppendValue(x.Day.ToDateTime(TimeOnly.MinValue)).AppendValue(x.Kind).AppendValue(x.Name)
                    .EndRow();
        using (var a = conn.CreateAppender("risk_groups"))
            foreach (var x in r.RiskGroups)
                a.CreateRow().AppendValue(x.Code).AppendValue(x.Name).AppendValue(x.Severity.Code())
                    .AppendValue(x.Owners.ToList())
                    .AppendValue(x.Notify.ToList()).EndRow();
    }
}

/// <summary>Reads the dimension tables back (an imported city's reference data lives only there).</summary>
public static class ReferenceTablesReader
{
    public static ReferenceData Read(DuckDBConnection conn)
    {
        static List<string> List(object v) => v is System.Collections.IEnumerable e and not string
            ? e.Cast<object?>().OfType<string>().ToList() : [];
        var areas = Rows(conn, "SELECT code, name, level, kind, parent_code, lat, lon, population FROM areas ORDER BY code",
            r => new Area(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? 0 : r.GetDouble(5),
                r.IsDBNull(6) ? 0 : r.GetDouble(6), r.IsDBNull(7) ? 0 : r.GetInt64(7)));
        var units = Rows(conn, "SELECT unit_id, name, kind, area_code, dept, utility, service_areas, always_on FROM units "
            + "ORDER BY unit_id",
            r => new Unit(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5),
                r.IsDBNull(6) ? [] : List(r.GetValue(6)), r.GetBoolean(7)));
        var categories = Rows(conn, "SELECT code, level1, level2, name, tier, lead, assist, disposition, risk_group, "
            + "season, weight FROM categories ORDER BY code",
            r => new Category(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.GetString(5), r.IsDBNull(6) ? [] : List(r.GetValue(6)),
                Codes.Parse<Disposition>(r.GetString(7)), r.IsDBNull(8) ? null : r.GetString(8),
                r.IsDBNull(9) ? "none" : r.GetString(9), r.GetDouble(10)));
        var holidays = Rows(conn, "SELECT day, kind, name FROM holidays ORDER BY day",
            r => new Holiday(DateOnly.FromDateTime(r.GetDateTime(0)), r.GetString(1), r.GetString(2)));
        var risks = Rows(conn, "SELECT risk_group, name, severity, owners, notify FROM risk_groups ORDER BY risk_group",
            r => new RiskGroup(r.GetString(0), r.GetString(1), Codes.Parse<Severity>(r.GetString(2)),
                r.IsDBNull(3) ? [] : List(r.GetValue(3)), r.IsDBNull(4) ? [] : List(r.GetValue(4))));
        return ReferenceData.FromTables(areas, units, categories, holidays, risks);
    }

    private static List<T> Rows<T>(DuckDBConnection conn, string sql, Func<DuckDBDataReader, T> read)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(read(r));
        return list;
    }
}

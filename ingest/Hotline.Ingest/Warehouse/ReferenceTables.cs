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

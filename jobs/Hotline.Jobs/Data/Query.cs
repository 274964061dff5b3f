using DuckDB.NET.Data;

namespace Hotline.Jobs.Data;

/// <summary>Parameterized reads for the jobs: input values only ever travel as parameters, never inside SQL text.</summary>
internal static class Query
{
    public static List<T> Rows<T>(DuckDBConnection conn, string sql, Func<DuckDBDataReader, T> map, params (string Name, object? Value)[] args)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        using var r = (DuckDBDataReader)cmd.ExecuteReader();
        var rows = new List<T>();
        while (r.Read()) rows.Add(map(r));
        return rows;
    }

    public static T Single<T>(DuckDBConnection conn, string sql, Func<DuckDBDataReader, T> map, params (string Name, object? Value)[] args) =>
        Rows(conn, sql, map, args) is [var one] ? one : throw new InvalidOperationException("expected exactly one row");

    public static string? Str(this DuckDBDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    public static long Long(this DuckDBDataReader r, int i) => r.IsDBNull(i) ? 0 : Convert.ToInt64(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
    public static double? Dbl(this DuckDBDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
    public static DateTime? Time(this DuckDBDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDateTime(i);

    /// <summary>A VARCHAR[] column as strings (empty when NULL).</summary>
    public static List<string> Strings(this DuckDBDataReader r, int i) =>
        r.IsDBNull(i) ? [] : ((System.Collections.IEnumerable)r.GetValue(i)).Cast<object?>().Select(x => x?.ToString() ?? "").ToList();
}

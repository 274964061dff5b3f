using System.Numerics;

namespace Hotline.Ingest.Warehouse;

/// <summary>
/// The one way this code base talks SQL to DuckDB: statements with <c>$name</c> parameters (input values only ever
/// travel as parameters, never inside SQL text), scalars, and rows mapped by a function. Every stage uses it.
/// </summary>
public static class Sql
{
    public static int Execute(DuckDBConnection conn, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(conn, sql, args);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// The first column of the first row, converted to <typeparamref name="T"/>; default when NULL or no row.
    /// </summary>
    public static T? Scalar<T>(DuckDBConnection conn, string sql, params (string Name, object? Value)[] args)
    {
        using var cmd = Command(conn, sql, args);
        var v = cmd.ExecuteScalar();
        if (v is null or DBNull) return default;
        if (v is T t) return t;
        // DuckDB's sum() of BIGINT is HUGEINT, which arrives as BigInteger (not IConvertible).
        if (v is BigInteger big) v = (decimal)big;
        return (T)Convert.ChangeType(v, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T),
            CultureInfo.InvariantCulture);
    }

    public static List<T> Rows<T>(DuckDBConnection conn, string sql, Func<DuckDBDataReader, T> map,
        params (string Name, object? Value)[] args)
    {
        using var cmd = Command(conn, sql, args);
        using var r = (DuckDBDataReader)cmd.ExecuteReader();
        var rows = new List<T>();
        while (r.Read()) rows.Add(map(r));
        return rows;
    }

    /// <summary>Exactly one row, mapped.</summary>
    public static T Single<T>(DuckDBConnection conn, string sql, Func<DuckDBDataReader, T> map,
        params (string Name, object? Value)[] args) =>
        Rows(conn, sql, map, args) is [var one] ? one : throw new InvalidOperationException("expected exactly one row");

    public static DuckDBCommand Command(DuckDBConnection conn, string sql, params (string Name, object? Value)[] args)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in args) cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        return cmd;
    }

    public static string? Str(this DuckDBDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static long Long(this DuckDBDataReader r, int i) =>
        r.IsDBNull(i) ? 0 : Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);

    public static double? Dbl(this DuckDBDataReader r, int i) =>
        r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i), CultureInfo.InvariantCulture);

    public static DateTime? Time(this DuckDBDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDateTime(i);

    public static T? Opt<T>(this DuckDBDataReader r, int i) where T : struct => r.IsDBNull(i) ? null
        : r.GetFieldValue<T>(i);

    /// <summary>A VARCHAR[] column as strings (empty when NULL).</summary>
    public static List<string> Strings(this DuckDBDataReader r, int i) =>
        r.IsDBNull(i)
            ? []
            : ((System.Collections.IEnumerable)r.GetValue(i)).Cast<object?>().Select(x => x?.ToString() ?? "").ToList();
}

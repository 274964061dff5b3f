namespace Hotline.Ingest.Csv;

/// <summary>
/// A labelled CSV a city brings (UTF-8, header row), read with DuckDB's CSV reader (quoting, embedded newlines
/// and commas handled by a well-tested parser rather than ours). Every column is read as text.
/// </summary>
public sealed record CsvTable(IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows)
{
    public static CsvTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSV file not found: {path}", path);
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT * FROM read_csv($p, header = true, all_varchar = true, quote = '\"', escape = '\"')";
        cmd.Parameters.Add(new DuckDBParameter("p", Path.GetFullPath(path)));
        using var r = cmd.ExecuteReader();
        var cols = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToList();
        var rows = new List<string?[]>();
        while (r.Read())
        {
            var row = new string?[cols.Count];
            for (var i = 0; i < cols.Count; i++) row[i] = r.IsDBNull(i) ? null : r.GetString(i);
            rows.Add(row);
        }
        return new CsvTable(cols, rows);
    }

    public int Index(string column)
    {
        var i = Find(column);
        return i >= 0 ? i
            : throw new ArgumentException($"column '{column}' not in the CSV (columns: {string.Join(", ", Columns)})");
    }

    /// <summary>
    /// The first of these column names present (case-insensitive), or −1: CSVs from different systems name columns
    /// differently.
    /// </summary>
    public int Find(params string[] names)
    {
        foreach (var n in names)
        {
            var i = Columns.ToList().FindIndex(c => string.Equals(c, n, StringComparison.OrdinalIgnoreCase));
            if (i >= 0) return i;
        }
        return -1;
    }

    /// <summary>Writes rows with the same header (RFC 4180 quoting).</summary>
    public static void Write(string path, IReadOnlyList<string> columns, IEnumerable<string?[]> rows)
    {
        using var w = new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
        w.WriteLine(string.Join(",", columns.Select(Quote)));
        foreach (var row in rows) w.WriteLine(string.Join(",", row.Select(Quote)));
    }

    private static string Quote(string? s) =>
        s is null ? "" : s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}

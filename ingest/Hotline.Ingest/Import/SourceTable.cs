using MiniExcelLibs;
using nietras.SeparatedValues;

namespace Hotline.Ingest.Import;

/// <summary>One data row of a source file: its number as a person finds it (the header is row 1, as in a
/// spreadsheet) and its cells by column; a null cell is empty.</summary>
public sealed record SourceRow(long Number, IReadOnlyDictionary<string, string?> Cells, string? Problem = null);

/// <summary>
/// Reads an export as rows of text cells, whatever its format: CSV (UTF-8 with or without BOM, GB18030/GBK, found
/// by <see cref="TextDecoding"/>; quoted cells may hold line breaks) through Sep, .xlsx through MiniExcel,
/// Parquet through DuckDB's reader, JSON lines through System.Text.Json. A file that is not what its extension
/// says fails at once in one line (<see cref="InvalidDataException"/>); a row that cannot be read is returned with
/// its <see cref="SourceRow.Problem"/>, so it becomes a dead letter and the rows after it are still read.
/// </summary>
public sealed class SourceTable
{
    public string Path { get; }
    public string Format { get; }
    public IReadOnlyList<string> Columns { get; private set; } = [];
    /// <summary>The text encoding a CSV was read in (null for binary formats).</summary>
    public string? Encoding { get; private set; }
    private readonly SourceSection _options;

    private SourceTable(string path, string format, SourceSection options)
    {
        Path = path;
        Format = format;
        _options = options;
    }

    public static SourceTable Open(string path, SourceSection options)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"input file not found: {path}", path);
        var ext = System.IO.Path.GetExtension(path).ToLowerInvariant();
        var format = ext switch
        {
            ".csv" or ".txt" => "csv",
            ".xlsx" => "xlsx",
            ".parquet" => "parquet",
            ".jsonl" or ".ndjson" => "jsonl",
            _ => throw new InvalidDataException($"{path}: unsupported format '{ext}' (use .csv, .xlsx, .parquet or .jsonl)"),
        };
        FileSniffer.Check(path, format);
        var t = new SourceTable(path, format, options);
        t.Columns = t.ReadHeader();
        return t;
    }

    private IReadOnlyList<string> ReadHeader()
    {
        foreach (var row in Rows(headerOnly: true)) return row.Cells.Keys.ToList();
        return Columns;
    }

    public IEnumerable<SourceRow> Rows() => Rows(headerOnly: false);

    private IEnumerable<SourceRow> Rows(bool headerOnly) => Format switch
    {
        "csv" => Csv(headerOnly),
        "xlsx" => Xlsx(headerOnly),
        "parquet" => Parquet(headerOnly),
        _ => Jsonl(headerOnly),
    };

    private IEnumerable<SourceRow> Csv(bool headerOnly)
    {
        var encoding = TextDecoding.Detect(Path, _options.Encoding);
        Encoding = encoding.WebName;
        using var text = new StreamReader(Path, encoding, detectEncodingFromByteOrderMarks: true, 1 << 16);
        using var reader = Sep.New(_options.Delimiter[0])
            .Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = true })
            .From(text);
        var names = reader.Header.ColNames.Select(n => n.Trim().TrimStart('\uFEFF')).ToArray();
        if (headerOnly)
        {
            yield return new SourceRow(1, names.ToDictionary(n => n, _ => (string?)null, StringComparer.Ordinal));
            yield break;
        }
        long number = 1;
        foreach (var row in reader)
        {
            number++;
            var cells = new Dictionary<string, string?>(names.Length, StringComparer.Ordinal);
            var count = Math.Min(row.ColCount, names.Length);
            for (var i = 0; i < count; i++)
            {
                var v = row[i].ToString();
                cells[names[i]] = v.Length == 0 ? null : v;
            }
            string? problem = row.ColCount == names.Length ? null
                : $"{row.ColCount} cells where the header has {names.Length} (a stray separator or quote?)";
            yield return new SourceRow(number, cells, problem);
        }
    }

    private IEnumerable<SourceRow> Xlsx(bool headerOnly)
    {
        IEnumerable<IDictionary<string, object?>> rows;
        try
        {
            var sheet = _options.Sheet ?? MiniExcel.GetSheetNames(Path).FirstOrDefault();
            rows = MiniExcel.Query(Path, useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidDataException($"{Path} is not a readable .xlsx workbook ({ex.Message.Split('\n')[0]})");
        }
        long number = 1;
        foreach (var row in rows)
        {
            number++;
            var cells = new Dictionary<string, string?>(row.Count, StringComparer.Ordinal);
            foreach (var (k, v) in row) cells[k.Trim()] = headerOnly ? null : CellText(v);
            yield return new SourceRow(number, cells);
            if (headerOnly) yield break;
        }
    }

    /// <summary>Typed cells as text: dates in the one ISO form the time reader always accepts.</summary>
    internal static string? CellText(object? v) => v switch
    {
        null or DBNull => null,
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        float d => d.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => v.ToString() is { Length: > 0 } s ? s : null,
    };

    private IEnumerable<SourceRow> Parquet(bool headerOnly)
    {
        using var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT * FROM read_parquet($p)" + (headerOnly ? " LIMIT 0" : "");
        cmd.Parameters.Add(new DuckDBParameter("p", System.IO.Path.GetFullPath(Path)));
        DuckDBDataReader r;
        try { r = cmd.ExecuteReader(); }
        catch (DuckDBException ex)
        {
            throw new InvalidDataException($"{Path} is not a readable Parquet file ({ex.Message.Split('\n')[0]})");
        }
        using var _ = r;
        var names = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
        if (headerOnly)
        {
            yield return new SourceRow(1, names.ToDictionary(n => n, _ => (string?)null, StringComparer.Ordinal));
            yield break;
        }
        long number = 1;
        while (r.Read())
        {
            number++;
            var cells = new Dictionary<string, string?>(names.Length, StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++) cells[names[i]] = r.IsDBNull(i) ? null : CellText(r.GetValue(i));
            yield return new SourceRow(number, cells);
        }
    }

    private IEnumerable<SourceRow> Jsonl(bool headerOnly)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long number = 0;
        foreach (var line in File.ReadLines(Path, System.Text.Encoding.UTF8))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            Dictionary<string, string?>? cells = null;
            string? problem = null;
            try
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.ValueKind != JsonValueKind.Object) problem = "the line is not a JSON object";
                else
                {
                    cells = new Dictionary<string, string?>(StringComparer.Ordinal);
                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        cells[p.Name] = p.Value.ValueKind switch
                        {
                            JsonValueKind.Null or JsonValueKind.Undefined => null,
                            JsonValueKind.String => p.Value.GetString() is { Length: > 0 } s ? s : null,
                            _ => p.Value.GetRawText(),
                        };
                        if (seen.Add(p.Name)) names.Add(p.Name);
                    }
                }
            }
            catch (JsonException ex) { problem = $"not JSON ({ex.Message.Split('.')[0]})"; }
            if (headerOnly)
            {
                // JSON lines have no header: the first 1,000 objects' keys stand for it.
                if (number >= 1000) break;
                continue;
            }
            yield return new SourceRow(number, cells ?? [], problem);
        }
        if (headerOnly) yield return new SourceRow(0, names.ToDictionary(n => n, _ => (string?)null));
    }
}

using System.Buffers;
using Hotline.Ingest.Csv;

namespace Hotline.Ingest.Sources;

/// <summary>
/// Turns a file into contract-shaped JSON records, one per line (JSONL) or row (CSV, Parquet), numbered from 0,
/// so all formats share one validator. CSV and Parquet column names are the contract's field names; CSV cells
/// are typed by field (numbers, booleans) and empty cells are absent. A CSV row's raw bytes are its line, so a
/// dead letter shows what the file said.
/// </summary>
public static class FileRecords
{
    private static readonly HashSet<string> IntFields = ["schema_version", "seq"];
    private static readonly HashSet<string> DoubleFields = ["lat", "lon"];
    private static readonly HashSet<string> BoolFields = ["confidential", "resolved"];

    public static IEnumerable<(byte[] Bytes, long Index)> Read(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".jsonl" or ".ndjson" or ".json" => Jsonl(path),
            ".csv" => Csv(path),
            ".parquet" => Parquet(path),
            _ => throw new NotSupportedException($"unsupported input format '{ext}': use .jsonl, .csv or .parquet"),
        };
    }

    private static IEnumerable<(byte[], long)> Jsonl(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var buffer = new byte[1 << 20];
        var line = new ArrayBufferWriter<byte>(4096);
        long index = 0;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            while (start < n)
            {
                var nl = Array.IndexOf(buffer, (byte)'\n', start, n - start);
                if (nl < 0) { line.Write(buffer.AsSpan(start, n - start)); break; }
                line.Write(buffer.AsSpan(start, nl - start));
                start = nl + 1;
                var record = TrimCr(line.WrittenSpan).ToArray();
                line.Clear();
                // Blank lines are not records; they do not consume an index either.
                if (record.Length > 0) yield return (record, index++);
            }
        }
        var last = TrimCr(line.WrittenSpan).ToArray();
        if (last.Length > 0) yield return (last, index);
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> s) => s.Length > 0 && s[^1] == (byte)'\r' ? s[..^1] : s;

    private static IEnumerable<(byte[], long)> Csv(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = reader.ReadLine() is { } h ? CsvLines.Split(h.TrimStart('\uFEFF')) : [];
        string? line;
        long index = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            var cells = CsvLines.Split(line);
            if (cells.Count != header.Count)
            {
                // Not JSON at all, so the validator will dead-letter it as such, with the line as evidence.
                yield return (Encoding.UTF8.GetBytes(line), index++);
                continue;
            }
            yield return (RowJson(header, cells.Cast<object?>().ToList(), typedStrings: true), index++);
        }
    }

    /// <summary>Parquet is read with DuckDB's reader (in memory, not the warehouse): one well-kept reader for
    /// every Parquet flavour. Naive TIMESTAMP columns are passed on without an offset, so the validator rejects
    /// them as ambiguous instead of guessing a time zone.</summary>
    private static IEnumerable<(byte[], long)> Parquet(string path)
    {
        using var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT * FROM read_parquet($p)";
        cmd.Parameters.Add(new DuckDBParameter("p", Path.GetFullPath(path)));
        using var r = cmd.ExecuteReader();
        var names = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToList();
        var naive = Enumerable.Range(0, r.FieldCount)
            .Select(i => r.GetDataTypeName(i).Equals("TIMESTAMP", StringComparison.OrdinalIgnoreCase)).ToList();
        long index = 0;
        while (r.Read())
        {
            var values = new List<object?>(names.Count);
            for (var i = 0; i < names.Count; i++)
            {
                if (r.IsDBNull(i)) { values.Add(null); continue; }
                var v = r.GetValue(i);
                values.Add(naive[i] && v is DateTime dt
                    ? dt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) : v);
            }
            yield return (RowJson(names, values, typedStrings: false), index++);
        }
    }

    /// <summary>
    /// Builds the JSON object for one row. With typedStrings, CSV text is converted to the field's JSON type.
    /// </summary>
    private static byte[] RowJson(IReadOnlyList<string> names, IReadOnlyList<object?> values, bool typedStrings)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, EventJson.WriterOptions))
        {
            w.WriteStartObject();
            for (var i = 0; i < names.Count; i++)
            {
                var name = names[i];
                switch (values[i])
                {
                    case null:
                    case string { Length: 0 }:
                        break;
                    case string s when typedStrings && IntFields.Contains(name)
                        && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l):
                        w.WriteNumber(name, l);
                        break;
                    case string s when typedStrings && DoubleFields.Contains(name)
                        && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                        w.WriteNumber(name, d);
                        break;
                    case string s when typedStrings && BoolFields.Contains(name) && bool.TryParse(s, out var b):
                        w.WriteBoolean(name, b);
                        break;
                    case string s:
                        w.WriteString(name, s);
                        break;
                    case bool b:
                        w.WriteBoolean(name, b);
                        break;
                    case int or long or short or byte:
                        w.WriteNumber(name, Convert.ToInt64(values[i], CultureInfo.InvariantCulture));
                        break;
                    case float or double or decimal:
                        w.WriteNumber(name, Convert.ToDouble(values[i], CultureInfo.InvariantCulture));
                        break;
                    case DateTimeOffset dto:
                        w.WriteString(name, dto.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                        break;
                    case DateTime dt:
                        // Parquet timestamps are UTC instants (isAdjustedToUTC); say so explicitly.
                        w.WriteString(name, DateTime.SpecifyKind(dt, DateTimeKind.Utc)
                            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                        break;
                    default:
                        w.WriteString(name, Convert.ToString(values[i], CultureInfo.InvariantCulture));
                        break;
                }
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}

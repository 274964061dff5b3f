using System.Buffers;
using System.Text.Unicode;
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
        long index = 0;
        // Blank lines are not records; they do not consume an index either.
        foreach (var record in Lines(path, csvQuotes: false))
            if (record.Length > 0) yield return (record, index++);
    }

    /// <summary>
    /// The file's records as raw bytes, split at line feeds (a trailing CR dropped). With <paramref name="csvQuotes"/>
    /// a line feed inside a quoted CSV field does not end the record. Nothing is decoded here, so every source
    /// applies the same rule to invalid UTF-8: the parser refuses the record, which lands in dead letters as it was.
    /// </summary>
    private static IEnumerable<byte[]> Lines(string path, bool csvQuotes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        var buffer = new byte[1 << 20];
        var line = new ArrayBufferWriter<byte>(4096);
        var quotes = 0;
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            while (start < n)
            {
                var nl = Array.IndexOf(buffer, (byte)'\n', start, n - start);
                var end = nl < 0 ? n : nl;
                var piece = buffer.AsSpan(start, end - start);
                if (csvQuotes) quotes += piece.Count((byte)'"');
                line.Write(piece);
                if (nl < 0) break;
                start = nl + 1;
                if (csvQuotes && quotes % 2 == 1)
                {
                    line.Write("\n"u8);
                    continue;
                }
                yield return TrimCr(line.WrittenSpan).ToArray();
                line.Clear();
                quotes = 0;
            }
        }
        if (line.WrittenCount > 0) yield return TrimCr(line.WrittenSpan).ToArray();
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> s) => s.Length > 0 && s[^1] == (byte)'\r' ? s[..^1] : s;

    private static IEnumerable<(byte[], long)> Csv(string path)
    {
        List<string>? header = null;
        long index = 0;
        foreach (var record in Lines(path, csvQuotes: true))
        {
            if (header is null)
            {
                if (!Utf8.IsValid(record)) throw new InvalidDataException($"{path}: the header row is not valid UTF-8");
                header = CsvLines.Split(Encoding.UTF8.GetString(record).TrimStart('\uFEFF'));
                continue;
            }
            if (record.Length == 0) continue;
            // Not UTF-8, or not a row of the header's shape: passed on as it was, so the validator dead-letters it
            // with the file's own bytes as evidence.
            if (!Utf8.IsValid(record)) { yield return (record, index++); continue; }
            var cells = CsvLines.Split(Encoding.UTF8.GetString(record));
            if (cells.Count != header.Count) { yield return (record, index++); continue; }
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
        System.Data.Common.DbDataReader r;
        try { r = cmd.ExecuteReader(); }
        catch (DuckDBException ex)
        {
            throw new InvalidDataException($"{path} is not a readable Parquet file ({ex.Message.Split('\n')[0]})");
        }
        using var _ = r;
        var names = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToList();
        var naive = Enumerable.Range(0, r.FieldCount)
            .Select(i => r.GetDataTypeName(i).Equals("TIMESTAMP", StringComparison.OrdinalIgnoreCase)).ToList();
        long index = 0;
        while (true)
        {
            byte[] record;
            string? failure = null;
            try
            {
                if (!r.Read()) yield break;
                var values = new List<object?>(names.Count);
                for (var i = 0; i < names.Count; i++)
                {
                    if (r.IsDBNull(i)) { values.Add(null); continue; }
                    var v = r.GetValue(i);
                    values.Add(naive[i] && v is DateTime dt
                        ? dt.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) : v);
                }
                record = RowJson(names, values, typedStrings: false);
            }
            catch (Exception ex) when (ex is DuckDBException or InvalidCastException or OverflowException)
            {
                // A damaged page or a value .NET cannot hold: the rest of the file cannot be read row by row. One
                // record says so (it is dead-lettered with this text) and the rows before it are kept.
                failure = $"unreadable Parquet from row {index + 1}: {ex.Message.Split('\n')[0]}";
                record = [];
            }
            if (failure is not null)
            {
                yield return (Encoding.UTF8.GetBytes(failure), index);
                yield break;
            }
            yield return (record, index++);
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
                        && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                        && double.IsFinite(d):
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
                        // NaN and ±Infinity have no JSON number form: passed as text, the validator names the field.
                        var x = Convert.ToDouble(values[i], CultureInfo.InvariantCulture);
                        if (double.IsFinite(x)) w.WriteNumber(name, x);
                        else w.WriteString(name, x.ToString(CultureInfo.InvariantCulture));
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

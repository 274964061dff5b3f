using System.Text.RegularExpressions;
using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace Hotline.Jobs.Privacy;

/// <summary>
/// One piece of personal data found in an output: where, what kind, and the surrounding text with the find itself
/// masked.
/// </summary>
public sealed record PiiFinding(string File, string Where, string Kind, string Context);

public sealed record PiiScanResult(int FilesScanned, IReadOnlyList<string> Skipped, IReadOnlyList<PiiFinding> Findings);

/// <summary>
/// `hotline pii-scan`: reads every output file under a path the way a recipient would (text, each JSON string,
/// each string cell of Parquet and Arrow files) and reports what <see cref="TextMasker"/> would have masked. It uses
/// the masker's own patterns, so "the scan is clean" means "nothing the masker knows escaped it".
/// Warehouse files are skipped: they hold the raw tickets by design and are never handed out.
/// </summary>
public static partial class PiiScanner
{
    private static readonly HashSet<string> TextExtensions = [".md", ".html", ".htm", ".txt", ".log", ".csv", ".tsv",
        ".xml", ".yaml", ".yml"];
    private static readonly HashSet<string> JsonExtensions = [".json", ".jsonl", ".ndjson"];
    private static readonly HashSet<string> ArrowExtensions = [".arrow", ".arrows", ".feather", ".ipc"];
    private static readonly HashSet<string> DigitKinds = ["id_card", "bank_card", "mobile", "landline"];

    // Embedded images are base64: long runs of it can contain digit runs that look like numbers.
    [GeneratedRegex(@"data:[a-z]+/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]+")] private static partial Regex DataUri();

    public static PiiScanResult Scan(string path)
    {
        var full = Path.GetFullPath(path);
        string[] files = Directory.Exists(full) ? Directory.GetFiles(full, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).ToArray()
            : File.Exists(full) ? [full] : throw new FileNotFoundException($"nothing to scan at {path}");
        var findings = new List<PiiFinding>();
        var skipped = new List<string>();
        var scanned = 0;
        foreach (var file in files)
        {
            var ext = Path.GetExtension(file).ToLowerInvariant();
            var shown = Directory.Exists(full) ? Path.GetRelativePath(full, file) : Path.GetFileName(file);
            void Check(string where, string? text) => findings.AddRange(Find(shown, where, text));
            if (TextExtensions.Contains(ext)) ScanLines(File.ReadAllText(file), Check);
            else if (JsonExtensions.Contains(ext)) ScanJson(File.ReadAllText(file), Check);
            else if (ext == ".parquet") ScanParquet(file, Check);
            else if (ArrowExtensions.Contains(ext)) ScanArrow(file, Check);
            else if (ext == ".docx") ScanDocx(file, Check);
            else { skipped.Add(shown); continue; }
            scanned++;
        }
        return new PiiScanResult(scanned, skipped, findings);
    }

    /// <summary>
    /// What the masker would remove from one string, minus digit runs that are a number's decimals
    /// (0.1381234567890123).
    /// </summary>
    public static IEnumerable<PiiFinding> Find(string file, string where, string? text)
    {
        if (string.IsNullOrEmpty(text)) yield break;
        foreach (var (kind, offset) in TextMasker.Find(text))
        {
            if (DigitKinds.Contains(kind) && offset > 0 && text[offset - 1] == '.') continue;
            var from = Math.Max(0, offset - 12);
            var snippet = text.Substring(from, Math.Min(text.Length - from, 40)).ReplaceLineEndings(" ");
            // The report must not repeat what it found: the context is shown masked.
            yield return new PiiFinding(file, where, kind, TextMasker.Mask(snippet));
        }
    }

    /// <summary>A Word document: the text of each paragraph (table cells included), numbered.</summary>
    private static void ScanDocx(string file, Action<string, string?> check)
    {
        using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(file, false);
        var paragraphs = doc.MainDocumentPart?.Document?.Body?
            .Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>() ?? [];
        var i = 0;
        foreach (var p in paragraphs) check($"paragraph {++i}", p.InnerText);
    }

    private static void ScanLines(string text, Action<string, string?> check)
    {
        text = DataUri().Replace(text, "data:");
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++) check($"line {i + 1}", lines[i]);
    }

    /// <summary>A JSON document, or JSON Lines when the whole text is not one document.</summary>
    private static void ScanJson(string text, Action<string, string?> check)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            Walk(doc.RootElement, "$", check);
            return;
        }
        catch (JsonException) { }
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var line = i + 1;
            try
            {
                using var doc = JsonDocument.Parse(lines[i]);
                Walk(doc.RootElement, "$", (where, s) => check($"line {line} {where}", s));
            }
            catch (JsonException)
            {
                check($"line {line}", DataUri().Replace(lines[i], "data:")); // not JSON after all: read it as text
            }
        }
    }

    private static void Walk(JsonElement e, string path, Action<string, string?> check)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    check(path, p.Name);
                    Walk(p.Value, $"{path}.{p.Name}", check);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var x in e.EnumerateArray()) Walk(x, $"{path}[{i++}]", check);
                break;
            case JsonValueKind.String:
                var s = e.GetString();
                check(path, s is not null && s.StartsWith("data:", StringComparison.Ordinal) ? DataUri()
                    .Replace(s, "data:") : s);
                break;
        }
    }

    private static void ScanParquet(string file, Action<string, string?> check)
    {
        using var conn = new DuckDBConnection("DataSource=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
        // Every column as text: a number column can hold a phone number as well as a string column can.
        cmd.CommandText = "SELECT COLUMNS(*)::VARCHAR FROM read_parquet($path)";
        cmd.Parameters.Add(new DuckDBParameter("path", file));
        using var r = cmd.ExecuteReader();
        long row = 0;
        while (r.Read())
        {
            row++;
            for (var c = 0; c < r.FieldCount; c++)
                if (!r.IsDBNull(c)) check($"row {row} {r.GetName(c)}", r.GetString(c));
        }
    }

    private static void ScanArrow(string file, Action<string, string?> check)
    {
        using var stream = File.OpenRead(file);
        using var reader = new ArrowFileReader(stream);
        long offset = 0;
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    var name = batch.Schema.GetFieldByIndex(c).Name;
                    switch (batch.Column(c))
                    {
                        case StringArray s:
                            for (var i = 0; i < s.Length; i++) check($"row {offset + i + 1} {name}", s.GetString(i));
                            break;
                        case Int64Array n:
                            for (var i = 0; i < n.Length; i++)
                                if (n.GetValue(i) is { } v)
                                    check($"row {offset + i + 1} {name}", v.ToString(CultureInfo.InvariantCulture));
                            break;
                    }
                }
                offset += batch.Length;
            }
        }
    }
}

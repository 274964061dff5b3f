using System.Text.Unicode;
using Hotline.Ingest.Contract;

namespace Hotline.Server.Api;

/// <summary>
/// A request body read field by field, so that every mistake becomes a sentence about a named field ("'received_at'
/// must be an ISO 8601 time with an offset") rather than a serializer's message with .NET type names, and so that
/// what no serializer checks is checked: a repeated key, a control character in a code, a time out of range.
/// </summary>
public sealed class JsonBody : IDisposable
{
    private readonly JsonDocument _doc;
    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    private JsonBody(JsonDocument doc) => _doc = doc;

    /// <summary>
    /// Reads a request body of at most <paramref name="maxBytes"/>: the parsed object, or the problem to answer with
    /// (413 when too large, 400 otherwise).
    /// </summary>
    public static async Task<(JsonBody? Body, IResult? Problem)> ReadAsync(HttpRequest http, int maxBytes,
        CancellationToken cancel)
    {
        if (http.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        if (http.ContentType is { } ct && !ct.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.Of(415, "unsupported media type", "send the body as application/json"));
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await http.Body.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + n > maxBytes) return (null, TooLarge(maxBytes));
            buffer.Write(chunk, 0, n);
        }
        var body = Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), out var problem);
        return body is null
            ? (null, Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [problem!] },
            title: "the body is not a valid request")) : (body, null);
    }

    private static IResult TooLarge(int maxBytes) =>
        Problems.Of(413, "request too large", $"the body may be at most {maxBytes / 1024} KiB");

    /// <summary>The body as an object, or the reason it is not one (invalid UTF-8 or JSON, not an object, a repeated
    /// key).</summary>
    public static JsonBody? Parse(ReadOnlySpan<byte> bytes, out string? problem)
    {
        problem = null;
        if (!Utf8.IsValid(bytes)) { problem = "the body is not valid UTF-8"; return null; }
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException ex)
        {
            problem = $"the body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})";
            return null;
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            problem = "the body must be a JSON object";
            return null;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
            if (!names.Add(p.Name))
            {
                problem = $"field '{Clip(p.Name)}' appears more than once";
                doc.Dispose();
                return null;
            }
        return new JsonBody(doc);
    }

    /// <summary>A string field (null when absent or null); a wrong type or a too long value is recorded as an error.
    /// With <paramref name="code"/> a control character is an error too (codes and ids), otherwise it is
    /// removed.</summary>
    public string? String(string name, int maxLength, bool code = false)
    {
        if (!_doc.RootElement.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) { Error(name, "must be a string"); return null; }
        string s;
        try { s = v.GetString()!; }
        catch (InvalidOperationException) { Error(name, "is not text (an escaped lone surrogate)"); return null; }
        if (s.Length > maxLength) { Error(name, $"may be at most {maxLength} characters"); return null; }
        if (!code) return ControlCharacters.Strip(s);
        if (ControlCharacters.Any(s)) { Error(name, "contains a control character"); return null; }
        return s;
    }

    /// <summary>A time with an explicit offset, within [<paramref name="earliest"/>, <paramref name="latest"/>] in
    /// China
    /// time; null when absent.</summary>
    public DateTime? Time(string name, DateTime earliest, DateTime latest)
    {
        var text = String(name, 40, code: true);
        if (text is null) return null;
        if (!EventParser.TryParseTime(text, out var local, out _))
        {
            Error(name, "must be an ISO 8601 time with an offset, e.g. 2025-03-01T08:30:00+08:00");
            return null;
        }
        if (local < earliest || local > latest)
        {
            Error(name, $"must be between {earliest:yyyy-MM-dd} and {latest:yyyy-MM-dd}");
            return null;
        }
        return local;
    }

    /// <summary>Records an error about a field (the first one per field is kept).</summary>
    public void Error(string name, string message) => Errors.TryAdd(name, [$"'{name}' {message}"]);

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    public void Dispose() => _doc.Dispose();
}

namespace Hotline.Ingest.Import;

/// <summary>
/// Checks that a file's first bytes match its extension, so a workbook saved as .csv or a CSV renamed .xlsx fails
/// in one line at the start instead of as a dead letter per row.
/// </summary>
internal static class FileSniffer
{
    public static void Check(string path, string format)
    {
        var head = new byte[4096];
        int n;
        using (var f = File.OpenRead(path)) n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var span = head.AsSpan(0, n);
        var zip = span.StartsWith("PK\x03\x04"u8);
        var parquet = span.StartsWith("PAR1"u8);
        var actual = zip ? "a zip archive (an .xlsx workbook?)" : parquet ? "a Parquet file"
            : span.Contains((byte)0) && !HasUtf16Bom(span) ? "binary data" : "text";
        var ok = format switch
        {
            "xlsx" => zip,
            "parquet" => parquet,
            _ => actual == "text",
        };
        if (n == 0) throw new InvalidDataException($"{path} is empty");
        if (!ok) throw new InvalidDataException($"{path} is not a .{format} file: it holds {actual}");
        if (format == "jsonl" && FirstNonBlank(span) is { } c && c != '{')
            throw new InvalidDataException($"{path} is not JSON lines: it starts with '{(char)c}', not '{{'");
    }

    private static bool HasUtf16Bom(ReadOnlySpan<byte> s) =>
        s.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || s.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    private static byte? FirstNonBlank(ReadOnlySpan<byte> s)
    {
        var i = s.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        for (; i < s.Length; i++)
            if (s[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return s[i];
        return null;
    }
}

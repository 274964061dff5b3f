namespace Hotline.Ingest.Import;

/// <summary>
/// The encoding of a text export. Chinese platforms export CSV in GBK (GB18030 is its superset) as often as in
/// UTF-8; a byte-order mark settles it, otherwise a file that is valid UTF-8 throughout its first megabyte is
/// UTF-8 (GBK text of any length is almost never valid UTF-8), else GB18030.
/// </summary>
public static class TextDecoding
{
    static TextDecoding() => System.Text.Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static System.Text.Encoding Gb18030 => System.Text.Encoding.GetEncoding("GB18030");

    public static System.Text.Encoding Detect(string path, string requested)
    {
        switch (requested.ToLowerInvariant())
        {
            case "utf-8" or "utf8": return new UTF8Encoding(false);
            case "gb18030" or "gbk": return Gb18030;
        }
        var head = new byte[1 << 20];
        int n;
        using (var f = File.OpenRead(path)) n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var s = head.AsSpan(0, n);
        if (s.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) return new UTF8Encoding(false);
        if (s.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return System.Text.Encoding.Unicode;
        // A multi-byte character may be cut at the end of the sample: ignore up to three trailing bytes.
        for (var cut = 0; cut <= Math.Min(3, n); cut++)
            if (System.Text.Unicode.Utf8.IsValid(s[..(n - cut)])) return new UTF8Encoding(false);
        return Gb18030;
    }
}

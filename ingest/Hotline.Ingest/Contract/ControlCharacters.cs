namespace Hotline.Ingest.Contract;

/// <summary>
/// The contract's rule for control characters (docs/events.md): refused in identifiers and codes, removed from free
/// text. Tab, line feed and carriage return are text; NUL, the other C0 and C1 controls, DEL and the Unicode line and
/// paragraph separators are not (a NUL cuts a string short in DuckDB and C tools; the separators break JSON Lines
/// readers and log lines).
/// </summary>
public static class ControlCharacters
{
    public static bool IsControl(char c) =>
        c is < '\u0020' and not ('\t' or '\n' or '\r') or >= '\u007f' and <= '\u009f' or '\u2028' or '\u2029';

    public static bool Any(string s)
    {
        foreach (var c in s)
            if (IsControl(c) || c is '\t' or '\n' or '\r') return true;
        return false;
    }

    /// <summary>The text without its control characters (the same string when it has none).</summary>
    public static string Strip(string s)
    {
        var i = 0;
        while (i < s.Length && !IsControl(s[i])) i++;
        if (i == s.Length) return s;
        var sb = new System.Text.StringBuilder(s.Length);
        foreach (var c in s)
            if (!IsControl(c)) sb.Append(c);
        return sb.ToString();
    }
}

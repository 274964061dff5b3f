using DuckDB.NET.Data;

namespace Hotline.Server.Access;

public sealed record AuditEntry(DateTime At, string? KeyId, string? Role, string Method, string Path,
    string? QueryString, int Status,
    int RowCount, double DurationMs, string? Remote);

/// <summary>
/// The audit_log table: one row per API request (L-level accountability for data shared outside the centre).
/// </summary>
public static class AuditLog
{
    /// <summary>Appends a batch of entries in one transaction (the server buffers them off the request path).</summary>
    public static void Write(DuckDBConnection conn, IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count == 0) return;
        using var app = conn.CreateAppender("audit_log");
        foreach (var e in entries)
            app.CreateRow().AppendValue(e.At).AppendValue(e.KeyId).AppendValue(e.Role).AppendValue(e.Method)
                .AppendValue(Clip(e.Path))
                .AppendValue(Clip(e.QueryString)).AppendValue(e.Status).AppendValue(e.RowCount)
                    .AppendValue(e.DurationMs).AppendValue(e.Remote).EndRow();
    }

    // A request line can be long; the log keeps enough to tell what was asked without storing megabytes of junk.
    private static string? Clip(string? s) => s is { Length: > 500 } ? s[..500] + "…" : s;
}

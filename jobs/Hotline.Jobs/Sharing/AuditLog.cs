using DuckDB.NET.Data;
using Hotline.Ingest.Warehouse;

namespace Hotline.Jobs.Sharing;

public sealed record AuditEntry(DateTime At, string? KeyId, string? Role, string Method, string Path, string? QueryString, int Status,
    int RowCount, double DurationMs, string? Remote);

/// <summary>The audit_log table: one row per API request (L-level accountability for data shared outside the centre).</summary>
public static class AuditLog
{
    public static void Write(DuckDBConnection conn, AuditEntry e) =>
        WarehouseDb.Execute(conn, "INSERT INTO audit_log VALUES ($at, $key, $role, $m, $p, $q, $s, $n, $ms, $remote)",
            ("at", e.At), ("key", e.KeyId), ("role", e.Role), ("m", e.Method), ("p", Clip(e.Path)), ("q", Clip(e.QueryString)),
            ("s", e.Status), ("n", e.RowCount), ("ms", e.DurationMs), ("remote", e.Remote));

    // A request line can be long; the log keeps enough to tell what was asked without storing megabytes of junk.
    private static string? Clip(string? s) => s is { Length: > 500 } ? s[..500] + "…" : s;
}

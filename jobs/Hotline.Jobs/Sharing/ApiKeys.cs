using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;
using Hotline.Ingest.Warehouse;
using Hotline.Jobs.Data;

namespace Hotline.Jobs.Sharing;

public sealed record ApiKey(string KeyId, AccessRole Role, string Name, DateTime CreatedAt, DateTime? RevokedAt);

/// <summary>
/// API keys: "hk_&lt;key id&gt;_&lt;secret&gt;". The key id is looked up, then the SHA-256 of the whole key is compared in
/// constant time. Only the hash is stored, so a copy of the warehouse does not hand out working keys.
/// </summary>
public static class ApiKeys
{
    public static (ApiKey Key, string Secret) Add(DuckDBConnection conn, AccessRole role, string name, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200) throw new ArgumentException("--name is required (at most 200 characters): who holds the key");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = $"hk_{id}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        WarehouseDb.Execute(conn, "INSERT INTO api_keys VALUES ($id, $hash, $role, $name, $at, NULL)",
            ("id", id), ("hash", Hash(secret)), ("role", role.ToString()), ("name", name.Trim()), ("at", now));
        return (new ApiKey(id, role, name.Trim(), now, null), secret);
    }

    /// <summary>The active key a presented secret belongs to, or null (unknown, malformed, wrong secret or revoked).</summary>
    public static ApiKey? Verify(DuckDBConnection conn, string? presented)
    {
        if (presented is not { Length: > 3 and < 200 } || !presented.StartsWith("hk_", StringComparison.Ordinal)) return null;
        var end = presented.IndexOf('_', 3);
        if (end < 0) return null;
        var id = presented[3..end];
        var row = Query.Rows(conn, "SELECT key_id, role, name, created_at, revoked_at, secret_sha256 FROM api_keys WHERE key_id = $id",
            r => (Key: Read(r), Hash: r.GetString(5)), ("id", id)).FirstOrDefault();
        if (row.Key is null || row.Key.RevokedAt is not null) return null;
        var ok = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(row.Hash), Encoding.ASCII.GetBytes(Hash(presented)));
        return ok ? row.Key : null;
    }

    public static List<ApiKey> List(DuckDBConnection conn) =>
        Query.Rows(conn, "SELECT key_id, role, name, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id", Read);

    public static bool Revoke(DuckDBConnection conn, string keyId, DateTime now) =>
        WarehouseDb.Execute(conn, "UPDATE api_keys SET revoked_at = $at WHERE key_id = $id AND revoked_at IS NULL", ("at", now), ("id", keyId)) > 0;

    private static ApiKey Read(DuckDBDataReader r) =>
        // The role was validated when the key was made; a unit removed from the directory since keeps its id here.
        new(r.GetString(0), ParseStored(r.GetString(1)), r.GetString(2), r.GetDateTime(3), r.Time(4));

    private static AccessRole ParseStored(string role) =>
        role.StartsWith("unit:", StringComparison.Ordinal) ? new AccessRole(AccessRole.Unit, role[5..]) : new AccessRole(role, null);

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

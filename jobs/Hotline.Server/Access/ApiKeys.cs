using System.Security.Cryptography;
using System.Text;
using DuckDB.NET.Data;

namespace Hotline.Server.Access;

public sealed record ApiKey(string KeyId, AccessRole Role, string Name, DateTime CreatedAt, DateTime? RevokedAt);

/// <summary>
/// API keys: "hk_&lt;key id&gt;_&lt;secret&gt;". The key id is looked up, then the SHA-256 of the whole key is compared
/// in
/// constant time. Only the hash is stored, so a copy of the warehouse does not hand out working keys.
/// </summary>
public static class ApiKeys
{
    public static (ApiKey Key, string Secret) Add(DuckDBConnection conn, AccessRole role, string name, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(name)
            || name.Length > 200) throw new ArgumentException("--name is required (at most 200 "
                + "characters): who holds the key");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = $"hk_{id}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        Sql.Execute(conn, "INSERT INTO api_keys VALUES ($id, $hash, $role, $name, $at, NULL)",
            ("id", id), ("hash", Hash(secret)), ("role", role.ToString()), ("name", name.Trim()), ("at", now));
        return (new ApiKey(id, role, name.Trim(), now, null), secret);
    }

    /// <summary>The active keys with their hashes, to verify requests in memory (see <see cref="KeyRing"/>).</summary>
    public static KeyRing Active(DuckDBConnection conn) => new(Sql.Rows(conn,
        "SELECT key_id, role, name, created_at, revoked_at, secret_sha256 FROM api_keys WHERE revoked_at IS NULL",
        r => (Key: Read(r), Hash: r.GetString(5))).ToDictionary(k => k.Key.KeyId, StringComparer.Ordinal));

    public static List<ApiKey> List(DuckDBConnection conn) =>
        Sql.Rows(conn, "SELECT key_id, role, name, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id",
            Read);

    public static bool Revoke(DuckDBConnection conn, string keyId, DateTime now) =>
        Sql.Execute(conn, "UPDATE api_keys SET revoked_at = $at WHERE key_id = $id AND revoked_at IS NULL",
            ("at", now), ("id", keyId)) > 0;

    private static ApiKey Read(DuckDBDataReader r) =>
        // The role was validated when the key was made; a unit removed from the directory since keeps its id here.
        new(r.GetString(0), AccessRole.FromStored(r.GetString(1)), r.GetString(2), r.GetDateTime(3), r.Time(4));

    internal static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-')
        .Replace('/', '_');
}

/// <summary>
/// The active keys in memory. `hotline serve` is the only writer of api_keys while it runs (one-shot commands cannot
/// open the warehouse then), so it loads the ring once and again after each add or revoke: a revoked key is refused
/// from its next request on, and verifying costs no query on the dispatch path.
/// </summary>
public sealed class KeyRing(IReadOnlyDictionary<string, (ApiKey Key, string Hash)> keys)
{
    public int Count => keys.Count;

    /// <summary>The key with this id while it is active (a console session ends when its key is revoked).</summary>
    public ApiKey? Active(string keyId) => keys.TryGetValue(keyId, out var k) ? k.Key : null;

    /// <summary>
    /// The active key a presented secret belongs to, or null (unknown, malformed, wrong secret or revoked).
    /// </summary>
    public ApiKey? Verify(string? presented)
    {
        if (presented is not { Length: > 3 and < 200 }
            || !presented.StartsWith("hk_", StringComparison.Ordinal)) return null;
        var end = presented.IndexOf('_', 3);
        if (end < 0 || !keys.TryGetValue(presented[3..end], out var k)) return null;
        // The id is public; the comparison of the secret's hash is constant-time.
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(k.Hash),
            Encoding.ASCII.GetBytes(ApiKeys.Hash(presented))) ? k.Key : null;
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Hotline.Server.Console;

/// <summary>One signed-in browser: the key it signed in with and the token its forms must carry (CSRF).</summary>
public sealed record ConsoleSession(string Id, ApiKey Key, string Csrf, DateTime SignedInAt)
{
    public DateTime LastSeen { get; set; } = SignedInAt;
}

/// <summary>
/// The console's sessions, in memory: a restart signs everyone out, which a seat at the centre survives (sign in
/// again with the key) and which keeps no session secret in the warehouse. A session ends after
/// <see cref="Idle"/> without a request, after <see cref="Absolute"/> in any case (a shift), at sign-out, and as soon
/// as its key is revoked. Ids and CSRF tokens are 256-bit random values.
/// </summary>
public sealed class ConsoleSessions(ServeKeys keys)
{
    public static readonly TimeSpan Idle = TimeSpan.FromHours(2);
    public static readonly TimeSpan Absolute = TimeSpan.FromHours(12);
    public const string Cookie = "hotline_session";

    private readonly ConcurrentDictionary<string, ConsoleSession> _sessions = new(StringComparer.Ordinal);

    public ConsoleSession Create(ApiKey key, DateTime now)
    {
        Sweep(now);
        var s = new ConsoleSession(Token(), key, Token(), now);
        _sessions[s.Id] = s;
        return s;
    }

    /// <summary>The live session with this id, touched; null when unknown, expired or its key was revoked.</summary>
    public ConsoleSession? Find(string? id, DateTime now)
    {
        if (id is not { Length: > 20 and < 100 } || !_sessions.TryGetValue(id, out var s)) return null;
        if (now - s.LastSeen > Idle || now - s.SignedInAt > Absolute || keys.Ring.Active(s.Key.KeyId) is null)
        {
            _sessions.TryRemove(id, out _);
            return null;
        }
        s.LastSeen = now;
        return s;
    }

    public void Remove(string id) => _sessions.TryRemove(id, out _);

    private void Sweep(DateTime now)
    {
        foreach (var (id, s) in _sessions)
            if (now - s.LastSeen > Idle || now - s.SignedInAt > Absolute) _sessions.TryRemove(id, out _);
    }

    private static string Token() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Constant-time comparison of a presented CSRF token with the session's.</summary>
    public static bool CsrfMatches(ConsoleSession s, string? presented) => presented is { Length: > 0 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s.Csrf), Encoding.ASCII.GetBytes(presented));
}

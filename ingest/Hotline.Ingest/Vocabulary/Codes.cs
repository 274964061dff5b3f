using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Hotline.Ingest.Vocabulary;

/// <summary>
/// The words of the domain are enums in code and stable lower-case codes in JSON, DuckDB and files ("transfer_119",
/// "window-count", "catch-up"). The code of a member is its <see cref="JsonStringEnumMemberNameAttribute"/>, so the
/// JSON converter and the warehouse agree by construction; this class maps both ways.
/// </summary>
public static class Codes
{
    private static readonly ConcurrentDictionary<Type, (Dictionary<object, string> ToCode, Dictionary<string, object> FromCode)> Maps = new();

    public static string Code<T>(this T value) where T : struct, Enum => Map<T>().ToCode[value];

    public static T Parse<T>(string code) where T : struct, Enum =>
        TryParse<T>(code, out var v) ? v
            : throw new ArgumentException($"'{code}' is not one of {string.Join(", ", All<T>().Select(x => x.Code()))}");

    public static bool TryParse<T>(string? code, out T value) where T : struct, Enum
    {
        if (code is not null && Map<T>().FromCode.TryGetValue(code, out var v)) { value = (T)v; return true; }
        value = default;
        return false;
    }

    public static IReadOnlyList<T> All<T>() where T : struct, Enum => Enum.GetValues<T>();

    private static (Dictionary<object, string> ToCode, Dictionary<string, object> FromCode) Map<T>() where T : struct, Enum =>
        Maps.GetOrAdd(typeof(T), t =>
        {
            var to = new Dictionary<object, string>();
            var from = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var code = f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                    ?? throw new InvalidOperationException($"{t.Name}.{f.Name} has no [JsonStringEnumMemberName] code");
                var value = f.GetValue(null)!;
                to[value] = code;
                from[code] = value;
            }
            return (to, from);
        });
}

using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Hotline.Ingest.Vocabulary;

/// <summary>
/// The words of the domain are enums in code and stable lower-case codes in JSON, DuckDB and files ("kb_answer",
/// "window-count", "catch-up"). An enum names its converter, <see cref="SnakeCaseEnum{T}"/> or
/// <see cref="KebabCaseEnum{T}"/>; a member's code is that policy applied to its name, unless the member carries a
/// <see cref="JsonStringEnumMemberNameAttribute"/> (as the JSON converter does too), so JSON and the warehouse agree by
/// construction. This class maps both ways.
/// </summary>
public static class Codes
{
    private static readonly ConcurrentDictionary<Type,
        (Dictionary<object, string> ToCode, Dictionary<string, object> FromCode)> Maps = new();

    public static string Code<T>(this T value) where T : struct, Enum => Map<T>().ToCode[value];

    public static T Parse<T>(string code) where T : struct, Enum =>
        TryParse<T>(code, out var v) ? v
            : throw new ArgumentException($"'{code}' is not "
                + $"one of {string.Join(", ", All<T>().Select(x => x.Code()))}");

    public static bool TryParse<T>(string? code, out T value) where T : struct, Enum
    {
        if (code is not null && Map<T>().FromCode.TryGetValue(code, out var v)) { value = (T)v; return true; }
        value = default;
        return false;
    }

    public static IReadOnlyList<T> All<T>() where T : struct, Enum => Enum.GetValues<T>();

    private static (Dictionary<object, string> ToCode, Dictionary<string, object> FromCode) Map<T>() where T : struct,
        Enum =>
        Maps.GetOrAdd(typeof(T), t =>
        {
            var to = new Dictionary<object, string>();
            var from = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                var code = f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                    ?? Policy(t).ConvertName(f.Name);
                var value = f.GetValue(null)!;
                to[value] = code;
                from[code] = value;
            }
            return (to, from);
        });

    private static JsonNamingPolicy Policy(Type t)
    {
        var c = t.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType;
        var generic = c is { IsGenericType: true } ? c.GetGenericTypeDefinition() : null;
        if (generic == typeof(KebabCaseEnum<>)) return JsonNamingPolicy.KebabCaseLower;
        if (generic == typeof(SnakeCaseEnum<>)) return JsonNamingPolicy.SnakeCaseLower;
        throw new InvalidOperationException($"{t.Name}: name SnakeCaseEnum<> or KebabCaseEnum<> as its converter");
    }
}

/// <summary>An enum written as snake_case codes (kb_answer).</summary>
public sealed class SnakeCaseEnum<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.SnakeCaseLower)
    where T : struct, Enum;

/// <summary>An enum written as kebab-case codes (window-count, catch-up).</summary>
public sealed class KebabCaseEnum<T>() : JsonStringEnumConverter<T>(JsonNamingPolicy.KebabCaseLower)
    where T : struct, Enum;

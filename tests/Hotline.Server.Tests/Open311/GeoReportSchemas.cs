using System.Text.Json.Nodes;
using Json.Schema;

namespace Hotline.Server.Tests.Open311;

/// <summary>The GeoReport v2 schemas of Schemas/ (see its README), loaded once, and a check that names what
/// failed.</summary>
public static class GeoReportSchemas
{
    private static readonly Dictionary<string, JsonSchema> Loaded = new(StringComparer.Ordinal);

    private static JsonSchema Get(string name)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(name, out var s))
                Loaded[name] = s = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Open311", "Schemas",
                    name + ".json"));
            return s;
        }
    }

    /// <summary>Fails the test with every violation when <paramref name="json"/> is not valid against the
    /// schema.</summary>
    public static void AssertValid(string schema, string json)
    {
        var result = Get(schema).Evaluate(JsonNode.Parse(json), new EvaluationOptions
        {
            OutputFormat = OutputFormat.List, RequireFormatValidation = true,
        });
        if (result.IsValid) return;
        var errors = result.Details.Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key} {e.Value}"));
        Assert.Fail($"not a valid GeoReport v2 {schema} document:\n{string.Join("\n", errors)}\n{json[..Math.Min(
            json.Length, 2000)]}");
    }
}

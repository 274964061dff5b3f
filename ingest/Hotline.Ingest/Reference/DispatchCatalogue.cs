using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Hotline.Ingest.Reference;

/// <summary>How urgent a catalogue entry's matter is (the `safety` field).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(SnakeCaseEnum<SafetyLevel>))]
public enum SafetyLevel
{
    None,
    Emergency,
    [System.Text.Json.Serialization.JsonStringEnumMemberName("hazard_2h")] Hazard2h,
}

/// <summary>One entry of the dispatch catalogue (派单目录 / 责任清单): a leaf category as centre staff describe it.</summary>
public sealed record CatalogueEntry
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string Definition { get; init; } = "";
    public IReadOnlyList<string> Expressions { get; init; } = [];
    /// <summary>Look-alikes that belong elsewhere: (situation, target category).</summary>
    public IReadOnlyList<(string Situation, string Target)> Exclusions { get; init; } = [];
    public string Lead { get; init; } = "";
    public string Tier { get; init; } = "";
    public string Disposition { get; init; } = "";
    public SafetyLevel Safety { get; init; }
    public IReadOnlyList<string> UrgentCues { get; init; } = [];
    public IReadOnlyList<string> NotUrgentCues { get; init; } = [];
}

/// <summary>
/// The city's dispatch catalogue (Reference/catalogue.yaml, documented in catalogue.md): what 国办发〔2025〕66号
/// asks each centre to keep, one entry per category with its definition, the phrases callers use, exclusions,
/// lead unit rule, tier and safety level. Staff edit the YAML; the router reads it for its safety layer and
/// quotes it on the dispatcher's card. A city passes its own file; the embedded one is Linyi's.
/// </summary>
public sealed class DispatchCatalogue
{
    public string City { get; }
    public string Version { get; }
    public IReadOnlyList<CatalogueEntry> Entries { get; }
    /// <summary>Cues of the past or of a hypothesis that hold for every emergency and hazard entry.</summary>
    public IReadOnlyList<string> CommonNotUrgentCues { get; private init; } = [];
    private readonly Dictionary<string, CatalogueEntry> _byCode;

    private DispatchCatalogue(string city, string version, IReadOnlyList<CatalogueEntry> entries)
    {
        City = city;
        Version = version;
        Entries = entries;
        _byCode = entries.ToDictionary(e => e.Code, StringComparer.Ordinal);
    }

    public CatalogueEntry? Find(string code) => _byCode.GetValueOrDefault(code);

    private static readonly Lazy<DispatchCatalogue> Embedded = new(() => Parse(
        EmbeddedText.Read(typeof(DispatchCatalogue).Assembly, "Hotline.Reference.catalogue.yaml"),
        "embedded catalogue.yaml"));

    public static DispatchCatalogue Default => Embedded.Value;

    public static DispatchCatalogue Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>
    /// Reads and checks a catalogue: unknown fields, duplicate codes and malformed exclusions are refused with
    /// the entry named, so a staff member's typo is reported at load, not discovered as a silent miss.
    /// </summary>
    public static DispatchCatalogue Parse(string yaml, string source)
    {
        var raw = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
            .Deserialize<RawCatalogue?>(yaml) ?? throw new InvalidDataException($"{source}: empty catalogue");
        var entries = new List<CatalogueEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in raw.Entries ?? [])
        {
            var code = e.Code?.Trim() ?? throw new InvalidDataException($"{source}: an entry has no code");
            if (!seen.Add(code)) throw new InvalidDataException($"{source}: {code} appears twice");
            entries.Add(new CatalogueEntry
            {
                Code = code, Name = e.Name ?? code, Definition = e.Definition ?? "",
                Expressions = Clean(e.Expressions), Lead = e.Lead ?? "", Tier = e.Tier ?? "",
                Disposition = e.Disposition ?? "",
                Safety = e.Safety switch
                {
                    null or "none" => SafetyLevel.None,
                    "emergency" => SafetyLevel.Emergency,
                    "hazard_2h" => SafetyLevel.Hazard2h,
                    var other => throw new InvalidDataException($"{source}: {code} has safety '{other}' "
                        + "(emergency, hazard_2h or none)"),
                },
                UrgentCues = Clean(e.UrgentCues), NotUrgentCues = Clean(e.NotUrgentCues),
                Exclusions = Clean(e.Exclusions).Select(x => Exclusion(x, code, source)).ToList(),
            });
        }
        return new DispatchCatalogue(raw.City ?? "", raw.Version ?? "", entries)
        {
            CommonNotUrgentCues = Clean(raw.CommonNotUrgentCues),
        };
    }

    private static List<string> Clean(List<string>? items) =>
        (items ?? []).Select(x => x.Trim()).Where(x => x.Length > 0).ToList();

    private static (string, string) Exclusion(string text, string code, string source)
    {
        var i = text.LastIndexOf('→');
        if (i < 0) throw new InvalidDataException($"{source}: {code} exclusion '{text}' lacks '情形 → 代码'");
        return (text[..i].Trim(), text[(i + 1)..].Trim());
    }

    // YamlDotNet binds to settable properties; these mirror the file and stay private to the loader.
    private sealed class RawCatalogue
    {
        public string? City { get; set; }
        public string? Version { get; set; }
        public string? Basis { get; set; }
        public List<string>? CommonNotUrgentCues { get; set; }
        public List<RawEntry>? Entries { get; set; }
    }

    private sealed class RawEntry
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public string? Definition { get; set; }
        public List<string>? Expressions { get; set; }
        public List<string>? Exclusions { get; set; }
        public string? Lead { get; set; }
        public List<string>? Assist { get; set; }
        public string? Tier { get; set; }
        public string? Disposition { get; set; }
        public string? Safety { get; set; }
        public List<string>? UrgentCues { get; set; }
        public List<string>? NotUrgentCues { get; set; }
    }
}

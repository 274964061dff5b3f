using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Hotline.Ingest.Reference;

/// <summary>
/// Which article of the city's own hotline regulation each trigger and indicator of the reports rests on
/// (Reference/citations.yaml for Linyi: 《临沂市12345政务服务便民热线条例》, indexed in docs/regulations.md). A report
/// prints the article in words, or nothing where the regulation has none; never another province's rule or an index
/// code. A city imported from its own export has no citations until it supplies them, so its reports print no basis.
/// </summary>
public sealed class Citations
{
    private readonly Dictionary<string, string> _articles;

    /// <summary>The regulation's full title, e.g. 《临沂市12345政务服务便民热线条例》; null for a city without one.</summary>
    public string? Regulation { get; }
    /// <summary>How a report names it after first use, e.g. 《条例》.</summary>
    public string Short { get; }

    private Citations(string? regulation, string shortName, Dictionary<string, string> articles)
    {
        Regulation = regulation;
        Short = shortName;
        _articles = articles;
    }

    public static Citations None { get; } = new(null, "", []);

    private static readonly Lazy<Citations> Linyi = new(() =>
        Parse(EmbeddedText.Read(typeof(Citations).Assembly, "Hotline.Reference.citations.yaml")));

    /// <summary>The built-in city's citations when the reference data is the built-in city's; none otherwise.</summary>
    public static Citations For(ReferenceData reference) =>
        ReferenceEquals(reference, ReferenceData.Default) || reference.ContentHash == ReferenceData.Default.ContentHash
            ? Linyi.Value : None;

    /// <summary>The article an item rests on, short form ("《条例》第三十条第一款第二项"); null when none.</summary>
    public string? Basis(string key) => _articles.TryGetValue(key, out var a) ? Short + a : null;

    /// <summary>
    /// The article in parentheses after a definition ("（《条例》第二十条）"), or nothing. The first one in a document
    /// names the regulation in full (<paramref name="first"/> is cleared once it has).
    /// </summary>
    public string After(string key, ref bool first)
    {
        if (Basis(key) is not { } b) return "";
        if (!first) return $"（{b}）";
        first = false;
        return $"（{Regulation}{_articles[key]}，下称{Short}）";
    }

    /// <summary>The note that says what the short name stands for, or nothing.</summary>
    public string Legend => Regulation is null ? "" : $"{Short}指{Regulation}。";

    public static Citations Parse(string yaml)
    {
        var raw = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance)
            .IgnoreUnmatchedProperties().Build().Deserialize<Raw?>(yaml) ?? throw new InvalidDataException(
                "empty citations file");
        var articles = (raw.Items ?? []).Where(kv => !string.IsNullOrWhiteSpace(kv.Value.Article))
            .ToDictionary(kv => kv.Key, kv => kv.Value.Article!.Trim(), StringComparer.Ordinal);
        return new Citations(raw.Regulation, raw.RegulationShort ?? raw.Regulation ?? "", articles);
    }

    // YamlDotNet binds to settable properties; these mirror the file.
    private sealed class Raw
    {
        public string? Regulation { get; set; }
        public string? RegulationShort { get; set; }
        public Dictionary<string, RawItem>? Items { get; set; }
    }

    private sealed class RawItem
    {
        public string? Article { get; set; }
    }
}

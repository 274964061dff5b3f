namespace Hotline.Simulator;

/// <summary>
/// The simulator's phrase bank (Text/phrases.txt): per leaf category and for shared pools, lists of
/// alternatives by key. Format: `[SECTION]` headers, `key = text` lines, `#` comments.
/// </summary>
public sealed class PhraseBank
{
    private readonly Dictionary<string, Dictionary<string, string[]>> _sections;

    private PhraseBank(Dictionary<string, Dictionary<string, string[]>> sections) => _sections = sections;

    private static readonly Lazy<PhraseBank> Embedded = new(() =>
        Parse(Hotline.Ingest.Reference.EmbeddedText.Read(typeof(PhraseBank).Assembly,
            "Hotline.Simulator.phrases.txt")));

    public static PhraseBank Default => Embedded.Value;

    public static PhraseBank Parse(string text)
    {
        var sections = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        Dictionary<string, List<string>>? current = null;
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line[0] == '[' && line[^1] == ']')
            {
                var name = line[1..^1].Trim();
                if (!sections.TryGetValue(name, out current)) sections[name] = current = new(StringComparer.Ordinal);
                continue;
            }
            var eq = line.IndexOf('=');
            if (eq <= 0
                || current is null) throw new FormatException($"phrases.txt line {lineNo}: expected 'key = "
                    + "text' inside a [section]");
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (!current.TryGetValue(key, out var list)) current[key] = list = [];
            list.Add(value);
        }
        return new PhraseBank(sections.ToDictionary(s => s.Key,
            s => s.Value.ToDictionary(k => k.Key, k => k.Value.ToArray(), StringComparer.Ordinal),
                StringComparer.Ordinal));
    }

    public bool Has(string section) => _sections.ContainsKey(section);

    public IReadOnlyCollection<string> Sections => _sections.Keys;

    public string[] Get(string section, string key) =>
        _sections.TryGetValue(section, out var s) && s.TryGetValue(key, out var v) ? v : [];
}

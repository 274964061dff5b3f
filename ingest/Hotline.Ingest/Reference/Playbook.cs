using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Hotline.Ingest.Reference;

/// <summary>What the duty officer does for one risk group (an entry of Reference/playbook.yaml).</summary>
public sealed record PlaybookGroup(string Key, string Name, bool LifeSafety, IReadOnlyList<string> FirstActions,
    IReadOnlyList<string> Checks, IReadOnlyList<string> EscalateWhen, IReadOnlyList<string> Inform,
    string? PublicNotice);

/// <summary>
/// The emergency office's playbook (应急处置建议, Reference/playbook.yaml): per risk group the first actions, what to
/// check, when to escalate and whom to inform, plus the steps common to every alert. Alert cards quote it; which
/// groups are life-safety (never downgraded to a record-only note) is stated here. A city passes its own file.
/// </summary>
public sealed class Playbook
{
    public string Version { get; }
    public string DutyContactField { get; }
    public IReadOnlyList<string> CommonFirstActions { get; }
    public string Escalation { get; }
    public IReadOnlyDictionary<string, string> Roles { get; }
    private readonly Dictionary<string, PlaybookGroup> _groups;

    private Playbook(Raw raw)
    {
        Version = raw.Version ?? "";
        DutyContactField = raw.DutyContactField ?? "值班电话";
        CommonFirstActions = raw.Common?.FirstActions ?? [];
        Escalation = raw.Common?.Escalation ?? "";
        Roles = raw.Roles ?? [];
        _groups = (raw.Groups ?? []).ToDictionary(kv => kv.Key, kv => new PlaybookGroup(kv.Key, kv.Value.Name ?? kv.Key,
            kv.Value.LifeSafety, kv.Value.FirstActions ?? [], kv.Value.Checks ?? [], kv.Value.EscalateWhen ?? [],
            kv.Value.Inform ?? [], kv.Value.PublicNotice), StringComparer.Ordinal);
    }

    public PlaybookGroup? Find(string? riskGroup) => riskGroup is null ? null : _groups.GetValueOrDefault(riskGroup);
    public IReadOnlyCollection<PlaybookGroup> Groups => _groups.Values;

    private static readonly Lazy<Playbook> Embedded = new(() =>
        Parse(EmbeddedText.Read(typeof(Playbook).Assembly, "Hotline.Reference.playbook.yaml")));

    public static Playbook Default => Embedded.Value;

    public static Playbook Parse(string yaml) => new(new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance).IgnoreUnmatchedProperties().Build()
        .Deserialize<Raw?>(yaml) ?? throw new InvalidDataException("empty playbook"));

    // YamlDotNet binds to settable properties; these mirror the file.
    private sealed class Raw
    {
        public string? Version { get; set; }
        public string? DutyContactField { get; set; }
        public Dictionary<string, string>? Roles { get; set; }
        public RawCommon? Common { get; set; }
        public Dictionary<string, RawGroup>? Groups { get; set; }
    }

    private sealed class RawCommon
    {
        public List<string>? FirstActions { get; set; }
        public string? Escalation { get; set; }
        public List<string>? Closing { get; set; }
    }

    private sealed class RawGroup
    {
        public string? Name { get; set; }
        public bool LifeSafety { get; set; }
        public List<string>? FirstActions { get; set; }
        public List<string>? Checks { get; set; }
        public List<string>? EscalateWhen { get; set; }
        public List<string>? Inform { get; set; }
        public string? PublicNotice { get; set; }
    }
}

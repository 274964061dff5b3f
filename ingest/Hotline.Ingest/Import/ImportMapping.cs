using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Hotline.Ingest.Import;

/// <summary>The city an export comes from (docs/import.md, `city:`).</summary>
public sealed class CitySection
{
    public string Name { get; set; } = "";
    /// <summary>NBS division code of a Chinese city: 2 digits (province), 4 (prefecture) or 6 (county-level).</summary>
    public string? DivisionCode { get; set; }
    /// <summary>ISO country code; CN (the default) means areas come from the national division table.</summary>
    public string Country { get; set; } = "CN";
    /// <summary>IANA zone of the source's times (Asia/Shanghai for China) or a fixed offset such as -05:00.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
    /// <summary>The regulation the city's reports cite, e.g. 《某市12345政务服务便民热线管理办法》.</summary>
    public string? Regulation { get; set; }
    /// <summary>The office that issues the city's briefs (期号 line), e.g. 某市12345政务服务便民热线中心.</summary>
    public string? IssuingOffice { get; set; }
}

/// <summary>How the file is read (`source:`).</summary>
public sealed class SourceSection
{
    /// <summary>auto (BOM, else strict UTF-8, else GB18030), utf-8 or gb18030 (gbk is the same).</summary>
    public string Encoding { get; set; } = "auto";
    /// <summary>Worksheet of an .xlsx file (default: the first).</summary>
    public string? Sheet { get; set; }
    /// <summary>Cell separator of a CSV file.</summary>
    public string Delimiter { get; set; } = ",";
}

/// <summary>Source times (`times:`): the formats tried in order, and the zone they are in.</summary>
public sealed class TimesSection
{
    public List<string> Formats { get; set; } = [];
}

/// <summary>A row is skipped (not imported, not a dead letter) when its column holds one of the values.</summary>
public sealed class SkipRule
{
    public string Column { get; set; } = "";
    public List<string> Values { get; set; } = [];
}

/// <summary>Unit names (`units:`): aliases to one canonical name, and kinds staff set by hand.</summary>
public sealed class UnitsSection
{
    /// <summary>alias → canonical name.</summary>
    public Dictionary<string, string> Aliases { get; set; } = [];
    /// <summary>A CSV (alias,name) next to the mapping, for long alias lists.</summary>
    public string? AliasFile { get; set; }
    /// <summary>canonical name → kind (county_government, township_office, city_department, county_department,
    /// utility, company, other), overriding the guess from the name.</summary>
    public Dictionary<string, string> Kinds { get; set; } = [];
    /// <summary>Merge names one edit apart (市住房与城乡建设局 / 市住房和城乡建设局); off for codes.</summary>
    public bool MergeNearNames { get; set; } = true;
}

/// <summary>
/// A declarative description of one export format (docs/import.md): which column holds which contract field,
/// how times and values are written, and what a row means (<see cref="Shape"/>). Read from YAML; checked by
/// <see cref="Validate"/> before any row is read, so a broken mapping fails at once with every problem named.
/// </summary>
public sealed class ImportMapping
{
    public CitySection City { get; set; } = new();
    /// <summary>lifecycle (a row per case with its times and unit) or mailbox (a row per letter and its
    /// reply).</summary>
    public string Shape { get; set; } = "lifecycle";
    public SourceSection Source { get; set; } = new();
    /// <summary>Prefix of ticket ids made from the source ids (keeps two sources' ids apart in one
    /// warehouse).</summary>
    public string TicketPrefix { get; set; } = "";
    /// <summary>contract field → source column (see <see cref="MappedField"/> for the fields).</summary>
    public Dictionary<string, string> Columns { get; set; } = [];
    /// <summary>field → regular expression applied to the column's text; the group named v (or the first
    /// group, or the whole match) is the value. A mailbox's replying unit is often only in the reply's signature.
    /// </summary>
    public Dictionary<string, string> Extract { get; set; } = [];
    public TimesSection Times { get; set; } = new();
    /// <summary>field → (source value → contract value): channel, request_type, status, satisfaction, outcome,
    /// on_time, reopened.</summary>
    public Dictionary<string, Dictionary<string, string>> Values { get; set; } = [];
    /// <summary>field → value used when the column is absent or empty (channel, request_type,
    /// deadline_tier…).</summary>
    public Dictionary<string, string> Defaults { get; set; } = [];
    public UnitsSection Units { get; set; } = new();
    public List<SkipRule> Skip { get; set; } = [];

    /// <summary>Where the mapping file was (alias files are read relative to it).</summary>
    [YamlIgnore] public string? Directory { get; set; }

    public bool IsMailbox => Shape == "mailbox";

    public static ImportMapping Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"mapping file not found: {path}", path);
        var m = Parse(File.ReadAllText(path), path);
        m.Directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        return m;
    }

    public static ImportMapping Parse(string yaml, string label)
    {
        var d = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        ImportMapping m;
        try
        {
            m = d.Deserialize<ImportMapping?>(yaml) ?? throw new InvalidDataException($"{label}: the mapping is empty");
        }
        catch (YamlException ex)
        {
            // YamlDotNet names the line and column; its inner exception says what was wrong there.
            var why = (ex.InnerException ?? ex).Message.Split('\n')[0];
            throw new InvalidDataException($"{label} line {ex.Start.Line}: {why}");
        }
        var problems = m.Validate();
        if (problems.Count > 0)
            throw new InvalidDataException($"{label}: " + string.Join("; ", problems));
        return m;
    }

    /// <summary>Every problem of the mapping itself (not of the file), in words.</summary>
    public List<string> Validate()
    {
        var p = new List<string>();
        if (string.IsNullOrWhiteSpace(City.Name)) p.Add("city.name is required");
        if (Shape is not ("lifecycle" or "mailbox")) p.Add($"shape '{Shape}' must be lifecycle or mailbox");
        var isChina = City.Country.Equals("CN", StringComparison.OrdinalIgnoreCase);
        if (isChina && City.DivisionCode is { } code
            && (code.Length is not (2 or 4 or 6) || !code.All(char.IsAsciiDigit)))
            p.Add($"city.division_code '{code}' must be an NBS code of 2, 4 or 6 digits");
        if (SourceTimeZone.TryParse(City.TimeZone, out _) is false)
            p.Add($"city.time_zone '{City.TimeZone}' is neither a known IANA zone nor an offset like +08:00");
        foreach (var f in Columns.Keys.Concat(Extract.Keys).Concat(Defaults.Keys).Concat(Values.Keys))
            if (!MappedField.Known.Contains(f))
                p.Add($"'{f}' is not a field the importer knows (known: {string.Join(", ", MappedField.Known)})");
        foreach (var f in Extract.Keys.Where(f => !Columns.ContainsKey(f)))
            p.Add($"extract.{f} has no column: add columns.{f}");
        foreach (var (f, rx) in Extract)
        {
            try { _ = new System.Text.RegularExpressions.Regex(rx); }
            catch (ArgumentException ex) { p.Add($"extract.{f} is not a valid regular expression ({ex.Message})"); }
        }
        if (!Columns.ContainsKey(MappedField.Id)) p.Add("columns.id is required (the source's case or letter id)");
        if (!Columns.ContainsKey(MappedField.Opened)) p.Add("columns.opened is required (when the case was opened)");
        if (!Columns.ContainsKey(MappedField.Content) && !Columns.ContainsKey(MappedField.Title))
            p.Add("columns.content or columns.title is required (the request's words)");
        if (IsMailbox && !Columns.ContainsKey(MappedField.Unit))
            p.Add("a mailbox mapping needs columns.unit (the replying unit)");
        foreach (var (f, allowed) in MappedField.Vocabularies)
        {
            var given = Values.GetValueOrDefault(f)?.Values ?? Enumerable.Empty<string>();
            if (Defaults.TryGetValue(f, out var dflt)) given = given.Append(dflt);
            foreach (var v in given.Distinct().Where(v => !allowed.Contains(v)))
                p.Add($"'{v}' is not a {f} value (allowed: {string.Join(", ", allowed)})");
        }
        foreach (var s in Skip.Where(s => string.IsNullOrWhiteSpace(s.Column))) p.Add("a skip rule has no column");
        if (Source.Encoding.ToLowerInvariant() is not ("auto" or "utf-8" or "utf8" or "gb18030" or "gbk"))
            p.Add($"source.encoding '{Source.Encoding}' must be auto, utf-8 or gb18030");
        if (Source.Delimiter.Length != 1) p.Add("source.delimiter must be one character");
        return p;
    }
}

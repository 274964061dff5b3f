using Hotline.Ingest.Csv;

namespace Hotline.Ingest.Reference;

public sealed record Area(string Code, string Name, string Level, string Kind, string? ParentCode, double Lat,
    double Lon, long Population);

public sealed record Unit(string UnitId, string Name, string Kind, string? AreaCode, string? Dept, string? Utility,
    IReadOnlyList<string> ServiceAreas, bool AlwaysOn);

public sealed record Category(string Code, string Level1, string Level2, string Name, string Tier, string Lead,
    IReadOnlyList<string> Assist, Vocabulary.Disposition Disposition, string? RiskGroup, string Season, double Weight);

public sealed record Holiday(DateOnly Day, string Kind, string Name);

/// <summary>
/// A risk-bearing group of categories (categories.csv risk_group): how severe a cluster of its tickets is and
/// which offices own the response. Owners/notify are unit ids, or utility:&lt;kind&gt; for the utility company
/// serving the place.
/// </summary>
public sealed record RiskGroup(string Code, string Name, Vocabulary.Severity Severity,
    IReadOnlyList<string> Owners, IReadOnlyList<string> Notify);

/// <summary>
/// The city's reference data (areas, handling units, categories, holiday calendar), read from the CSV files
/// embedded from ingest/Hotline.Ingest/Reference (provenance in that folder's README.md).
/// </summary>
public sealed class ReferenceData
{
    public required IReadOnlyList<Area> Areas { get; init; }
    public required IReadOnlyList<Unit> Units { get; init; }
    public required IReadOnlyList<Category> Categories { get; init; }
    public required IReadOnlyList<Holiday> Holidays { get; init; }
    public IReadOnlyList<RiskGroup> RiskGroups { get; init; } = [];
    /// <summary>Hash of the files' content: the warehouse reloads its dimension tables when it changes.</summary>
    public required string ContentHash { get; init; }

    private static readonly Lazy<ReferenceData> Embedded = new(LoadEmbedded);
    public static ReferenceData Default => Embedded.Value;

    public ReferenceCodes Codes() => new(
        Areas.Select(a => a.Code).ToHashSet(StringComparer.Ordinal),
        Units.Select(u => u.UnitId).ToHashSet(StringComparer.Ordinal),
        Categories.Select(c => c.Code).ToHashSet(StringComparer.Ordinal));

    private static ReferenceData LoadEmbedded()
    {
        var texts = new Dictionary<string, string>();
        var asm = typeof(ReferenceData).Assembly;
        foreach (var name in new[] { "areas", "units", "categories", "holidays", "risk_groups" })
            texts[name] = EmbeddedText.Read(asm, $"Hotline.Reference.{name}.csv");
        return Parse(texts);
    }

    /// <summary>Reference data built in code (an imported city's profile); hashed like the shipped files.</summary>
    public static ReferenceData FromTables(IReadOnlyList<Area> areas, IReadOnlyList<Unit> units,
        IReadOnlyList<Category> categories, IReadOnlyList<Holiday> holidays, IReadOnlyList<RiskGroup> risks)
    {
        var sb = new StringBuilder();
        foreach (var a in areas.OrderBy(a => a.Code, StringComparer.Ordinal)) sb.Append(a).Append('\n');
        foreach (var u in units.OrderBy(u => u.UnitId, StringComparer.Ordinal))
            sb.Append(u with { ServiceAreas = [] }).Append(string.Join('|', u.ServiceAreas)).Append('\n');
        foreach (var c in categories.OrderBy(c => c.Code, StringComparer.Ordinal))
            sb.Append(c with { Assist = [] }).Append('\n');
        foreach (var h in holidays) sb.Append(h).Append('\n');
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(
            sb.ToString())));
        return new ReferenceData
        {
            Areas = areas, Units = units, Categories = categories, Holidays = holidays, RiskGroups = risks,
            ContentHash = "p" + hash[..15],
        };
    }

    public static ReferenceData Parse(IReadOnlyDictionary<string, string> texts)
    {
        static IEnumerable<Dictionary<string, string>> Rows(string text) => CsvLines.Read(new StringReader(text));
        static string? Opt(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        static IReadOnlyList<string> List(string s) =>
            s.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        static double D(string s) => string.IsNullOrWhiteSpace(s) ? 0 : double.Parse(s, CultureInfo.InvariantCulture);

        var areas = Rows(texts["areas"])
            .Select(r => new Area(r["code"], r["name"], r["level"], r["kind"], Opt(r["parent_code"]),
            D(r["lat"]), D(r["lon"]), (long)D(r["population"]))).ToList();
        var units = Rows(texts["units"])
            .Select(r => new Unit(r["unit_id"], r["name"], r["kind"], Opt(r["area_code"]), Opt(r["dept"]),
            Opt(r["utility"]), List(r["service_areas"]), bool.Parse(r["always_on"]))).ToList();
        var categories = Rows(texts["categories"])
            .Select(r => new Category(r["code"], r["level1"], r["level2"], r["name"], r["tier"],
            r["lead"], List(r["assist"]), Vocabulary.Codes.Parse<Vocabulary.Disposition>(r["disposition"]),
                Opt(r["risk_group"]), Opt(r["season"]) ?? "none", D(r["weight"]))).ToList();
        var holidays = Rows(texts["holidays"])
            .Select(r => new Holiday(DateOnly.ParseExact(r["day"], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            r["kind"], r["name"])).ToList();

        var risks = texts.TryGetValue("risk_groups", out var rg)
            ? Rows(rg)
                .Select(r =>
                new RiskGroup(r["risk_group"], r["name"], Vocabulary.Codes.Parse<Vocabulary.Severity>(r["severity"]),
                List(r["owners"]), List(r["notify"]))).ToList()
            : [];

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Concat(texts.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => kv.Value)))));
        return new ReferenceData
        {
            Areas = areas, Units = units, Categories = categories, Holidays = holidays,
            RiskGroups = risks, ContentHash = hash[..16]
        };
    }
}

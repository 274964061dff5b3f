using DuckDB.NET.Data;

namespace Hotline.Server.Open311;

/// <summary>
/// The services a client may request, read from the warehouse's own reference data, so an imported city offers its
/// own categories rather than Linyi's. Emergencies are not services: a category whose disposition is a transfer to
/// 110/119/120/122 is left out, and every service's description tells the caller to phone those numbers instead.
/// </summary>
public sealed class Open311Catalogue
{
    /// <summary>The 12345 request types, in the order callers meet them; the code is the contract's.</summary>
    public static readonly IReadOnlyList<Open311Value> RequestTypes =
    [
        new("consultation", "咨询"), new("help", "求助"), new("complaint", "投诉"), new("report", "举报"),
        new("suggestion", "建议"),
    ];

    private const string EmergencyNote = "紧急情况（火灾、伤亡、治安、交通事故）请直接拨打 110、119、120、122。";

    private readonly Dictionary<string, Category> _categories;
    private readonly Dictionary<string, string> _usualType;

    public ReferenceData Reference { get; }
    public string CityName { get; }
    /// <summary>The jurisdiction_id a client may send: the city's division code (or its name abroad).</summary>
    public string Jurisdiction { get; }
    public IReadOnlyList<Open311Service> Services { get; }
    public IReadOnlyList<Area> Counties { get; }
    public IReadOnlyList<Area> Townships { get; }
    /// <summary>Lookups every request uses, built once.</summary>
    public IReadOnlyDictionary<string, Area> Areas { get; }
    public IReadOnlyDictionary<string, string> UnitNames { get; }
    /// <summary>Every category's name, services or not (a ticket transferred to 119 still has one).</summary>
    public IReadOnlyDictionary<string, string> CategoryNames { get; }
    public Ingest.Import.PlaceNames Places { get; }

    /// <param name="usualType">Per category, the request type its tickets most often have in the history.</param>
    public Open311Catalogue(ReferenceData reference, Ingest.Import.CityInfo? city,
        IReadOnlyDictionary<string, string> usualType)
    {
        Reference = reference;
        CityName = city?.Name ?? "临沂市";
        Jurisdiction = city is null ? "3713" : city.DivisionCode ?? city.Name;
        _usualType = new Dictionary<string, string>(usualType, StringComparer.Ordinal);
        _categories = reference.Categories
            .Where(c => c.Disposition is not (Disposition.Transfer110 or Disposition.Transfer119
                or Disposition.Transfer120 or Disposition.Transfer122))
            .ToDictionary(c => c.Code, StringComparer.Ordinal);
        Services = _categories.Values.OrderBy(c => c.Code, StringComparer.Ordinal)
            .Select(c => new Open311Service(c.Code, c.Name, $"{c.Level1} · {c.Level2}：{c.Name}。{EmergencyNote}",
                Metadata: true, Type: "batch", Keywords: string.Join(",", new[] { c.Level1, c.Level2, c.Name }
                    .Where(k => k.Length > 0).Distinct()), Group: c.Level1))
            .ToList();
        Counties = reference.Areas.Where(a => a.Level == "county").OrderBy(a => a.Code, StringComparer.Ordinal)
            .ToList();
        Townships = reference.Areas.Where(a => a.Level == "township").OrderBy(a => a.Code, StringComparer.Ordinal)
            .ToList();
        Areas = reference.Areas.ToDictionary(a => a.Code, StringComparer.Ordinal);
        UnitNames = reference.Units.ToDictionary(u => u.UnitId, u => u.Name, StringComparer.Ordinal);
        CategoryNames = reference.Categories.ToDictionary(x => x.Code, x => x.Name, StringComparer.Ordinal);
        Places = Ingest.Import.PlaceNames.FromAreas(reference.Areas);
    }

    /// <summary>When this catalogue was read (discovery's changeset: it changes only with a restart).</summary>
    public string Changeset { get; private init; } = "";

    public static Open311Catalogue Load(WarehouseDb db, DuckDBConnection conn, DateTime now) =>
        new(db.Reference, db.City, Sql.Rows(conn,
                "SELECT category, mode(request_type) FROM tickets WHERE category IS NOT NULL "
                + "AND request_type IS NOT NULL GROUP BY 1", r => (r.GetString(0), r.GetString(1)))
            .ToDictionary(p => p.Item1, p => p.Item2))
        {
            Changeset = Hotline.Ingest.Contract.EventJson.FormatTime(now),
        };

    public Category? Find(string code) => _categories.GetValueOrDefault(code);

    /// <summary>The request type a submission gets when it names none: what this category's callers usually
    /// ask.</summary>
    public string UsualType(string code) => _usualType.GetValueOrDefault(code) ?? "help";

    public Open311Definition? Definition(string code)
    {
        if (Find(code) is not { } c) return null;
        var usual = RequestTypes.First(t => t.Key == UsualType(c.Code)).Name;
        return new Open311Definition(c.Code,
        [
            new(true, "request_type", "singlevaluelist", false, null, 1,
                $"诉求类型（不填按“{usual}”）", RequestTypes),
            new(true, "district", "singlevaluelist", false, null, 2,
                "所属区县（不填则按经纬度或地址判断）", Counties.Select(a => new Open311Value(a.Code, a.Name)).ToList()),
            new(true, "township", "singlevaluelist", false, null, 3, "所属乡镇（街道）",
                Townships.Select(a => new Open311Value(a.Code,
                    (a.ParentCode is { } p && Areas.TryGetValue(p, out var county) ? county.Name + " " : "") + a.Name))
                    .ToList()),
            new(true, "title", "string", false, "不超过 100 字", 4, "诉求标题（可不填）", null),
            new(true, "confidential", "singlevaluelist", false, null, 5,
                "是否需要保密（保密件不向无关单位公开）", [new("false", "否"), new("true", "是")]),
        ]);
    }
}

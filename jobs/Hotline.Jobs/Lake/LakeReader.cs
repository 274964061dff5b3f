namespace Hotline.Jobs.Lake;

/// <summary>
/// A lake opened for reports: an in-memory DuckDB whose tickets, alerts, reference tables and settings are views over
/// the lake's Parquet files, named and shaped as in a warehouse, so every report reads a lake exactly as it reads a
/// store (the monthly brief over the lake equals the brief over the store it came from). The lake keeps only the
/// site of an address, and the view names it <c>address</c>: reports group by site and cut addresses to their site
/// first (<see cref="TicketFact.SiteSql"/>), which leaves a site unchanged.
/// <para>
/// With a city, one city's folders; without, every city in the lake (a province), its masthead named by the caller:
/// where two cities' reference tables share a code, the first city's row is kept (codes from the national division
/// list are unique).
/// </para>
/// </summary>
public sealed class LakeReader : IDisposable
{
    public DuckDBConnection Connection { get; }
    public ReferenceData Reference { get; }
    public IReadOnlyList<string> Cities { get; }

    private static readonly Dictionary<string, string> Keys = new()
    {
        ["areas"] = "code", ["units"] = "unit_id", ["categories"] = "code", ["holidays"] = "day",
        ["risk_groups"] = "risk_group",
    };

    private LakeReader(DuckDBConnection conn, IReadOnlyList<string> cities)
    {
        Connection = conn;
        Cities = cities;
        // As in a warehouse: a city without a profile is the shipped city, whose reference data (and the
        // regulation's articles cited with it) are the shipped files; an imported city's live only in its tables.
        Reference = CityProfileStore.Read(conn) is null ? ReferenceData.Default : ReferenceTablesReader.Read(conn);
    }

    /// <param name="root">The lake's folder.</param>
    /// <param name="city">One city's code, or null for every city in the lake.</param>
    /// <param name="regionName">For several cities: the name their reports carry (e.g. 山东省).</param>
    public static LakeReader Open(string root, string? city = null, string? regionName = null)
    {
        var lake = new LakeLayout(root);
        if (city is not null) LakeLayout.CheckCode(city);
        var ticketsDir = Path.Combine(lake.Root, "tickets");
        var cities = Directory.Exists(ticketsDir)
            ? Directory.GetDirectories(ticketsDir, "city=*").Select(d => Path.GetFileName(d)["city=".Length..])
                .Where(c => city is null || c == city).Order(StringComparer.Ordinal).ToList()
            : [];
        if (cities.Count == 0) throw new ArgumentException(city is null
            ? $"no city in the lake at {lake.Root} (run `hotline lake export` first)"
            : $"city {city} is not in the lake at {lake.Root} (it has: "
                + string.Join(", ", Directory.Exists(ticketsDir) ? Directory.GetDirectories(ticketsDir, "city=*")
                    .Select(Path.GetFileName) : []) + ")");

        var conn = new DuckDBConnection("DataSource=:memory:");
        try
        {
            conn.Open();
            // Partition values are typed (a city code is a string, not a number), and files written by an older
            // export with fewer columns still read (union_by_name).
            const string byCity = "hive_partitioning = true, hive_types = {'city': VARCHAR}, union_by_name = true";
            const string byDay = "hive_partitioning = true, hive_types = {'city': VARCHAR, 'date': DATE}, "
                + "union_by_name = true";
            Sql.Execute(conn, $"""
                CREATE VIEW tickets AS SELECT * EXCLUDE (city, date, site), site AS address
                FROM read_parquet({LakeLayout.Quote(lake.Glob("tickets", city))}, {byDay})
                """);
            Sql.Execute(conn, $"""
                CREATE VIEW alerts AS SELECT * EXCLUDE (city)
                FROM read_parquet({LakeLayout.Quote(lake.Glob("alerts", city))}, {byCity})
                """);
            foreach (var table in LakeLayout.ReferenceTables) Sql.Execute(conn, $"""
                CREATE VIEW {table} AS SELECT * EXCLUDE (city, first_city) FROM (
                    SELECT *, row_number() OVER (PARTITION BY {Keys[table]} ORDER BY city) AS first_city
                    FROM read_parquet({LakeLayout.Quote(lake.Glob(table, city))}, {byCity}))
                WHERE first_city = 1
                """);
            if (cities.Count == 1)
                Sql.Execute(conn, $"""
                    CREATE VIEW settings AS SELECT 'city_profile' AS key, profile AS value
                    FROM read_parquet({LakeLayout.Quote(lake.Glob("cities", cities[0]))}) WHERE profile IS NOT NULL
                    """);
            else
            {
                var name = regionName ?? "全省";
                Sql.Execute(conn, "CREATE TABLE settings (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)");
                Sql.Execute(conn, "INSERT INTO settings VALUES ('city_profile', $v)", ("v", CityProfileStore.ToJson(
                    new Hotline.Ingest.Import.CityInfo
                    {
                        Name = name, IssuingOffice = $"{name}12345政务服务便民热线", Source = "lake",
                        Scope = ScopeOf(name),
                    })));
            }
            return new LakeReader(conn, cities);
        }
        catch
        {
            conn.Dispose();
            throw;
        }
    }

    /// <summary>全省 for 山东省, 全区 for an autonomous region, 全国 for the country; 全域 when the name says none.</summary>
    internal static string ScopeOf(string region) => region.Length > 0 && "省区市州盟国".Contains(region[^1])
        ? "全" + region[^1] : "全域";

    public void Dispose() => Connection.Dispose();
}

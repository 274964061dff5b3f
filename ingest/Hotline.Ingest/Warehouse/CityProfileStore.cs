using Hotline.Ingest.Import;

namespace Hotline.Ingest.Warehouse;

/// <summary>
/// Which city a warehouse holds. Without a record it holds the shipped city (Linyi's reference files, kept in step
/// by <see cref="WarehouseDb"/>); after `hotline import` of another city it holds that city's profile: the
/// settings row city_profile and dimension tables built from its data, which every later stage reads instead of
/// the shipped files.
/// </summary>
public static class CityProfileStore
{
    private const string Key = "city_profile";

    public static CityInfo? Read(DuckDBConnection conn) =>
        Sql.Scalar<string>(conn, $"SELECT value FROM settings WHERE key = '{Key}'") is { } json
            ? JsonSerializer.Deserialize<CityInfo>(json, Options) : null;

    /// <summary>Replaces the dimension tables with the profile's and records the city (one transaction).</summary>
    public static void Save(DuckDBConnection conn, CityInfo city, ReferenceData reference)
    {
        using var tx = conn.BeginTransaction();
        ReferenceTables.Load(conn, reference);
        Sql.Execute(conn, $"INSERT OR REPLACE INTO settings VALUES ('{Key}', $v)",
            ("v", ToJson(city)));
        Sql.Execute(conn, "INSERT OR REPLACE INTO settings VALUES ('reference_hash', $h)", ("h", reference.ContentHash));
        tx.Commit();
    }

    /// <summary>The settings value <see cref="Read"/> reads (for a profile kept elsewhere, e.g. a lake).</summary>
    public static string ToJson(CityInfo city) => JsonSerializer.Serialize(city, Options);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

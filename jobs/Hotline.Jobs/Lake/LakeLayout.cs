using System.Text.RegularExpressions;

namespace Hotline.Jobs.Lake;

/// <summary>
/// Where things lie in a lake: Hive-style folders that DuckDB, Spark, Trino and ClickHouse read as they are.
/// <code>
/// tickets/city=371300/date=2025-04-01/data.parquet   one file per city and day of receipt
/// alerts/city=371300/data.parquet                    the city's risk alerts
/// areas|units|categories|holidays|risk_groups/city=371300/data.parquet   the city's reference tables
/// cities/city=371300/data.parquet                    the city's name, issuing office and profile
/// _staging/city=371300/…                             files being written (names starting with _ are hidden
///                                                    from every engine's Hive reader)
/// </code>
/// One writer per city: each city's store writes only its own city=… folders, so the writers of a province never
/// touch each other's files and need no lock between them.
/// </summary>
public sealed partial class LakeLayout
{
    /// <summary>The reference tables each city carries into the lake (an imported city has its own).</summary>
    public static readonly string[] ReferenceTables = ["areas", "units", "categories", "holidays", "risk_groups"];

    public string Root { get; }

    public LakeLayout(string root)
    {
        if (string.IsNullOrWhiteSpace(root)) throw new ArgumentException("the lake folder is empty");
        Root = Path.GetFullPath(root);
        if (File.Exists(Root)) throw new ArgumentException($"the lake path is a file, not a folder: {Root}");
    }

    public string TicketFile(string city, DateOnly day) =>
        Path.Combine(Root, "tickets", $"city={city}", $"date={day:yyyy-MM-dd}", "data.parquet");

    public string TableFile(string table, string city) =>
        Path.Combine(Root, table, $"city={city}", "data.parquet");

    public string Staging(string city) => Path.Combine(Root, "_staging", $"city={city}");

    /// <summary>A glob of one table's files, for one city or (null) every city of the lake.</summary>
    public string Glob(string table, string? city) => table == "tickets"
        ? Path.Combine(Root, "tickets", city is null ? "city=*" : $"city={city}", "date=*", "*.parquet")
        : Path.Combine(Root, table, city is null ? "city=*" : $"city={city}", "*.parquet");

    /// <summary>
    /// The city code a warehouse writes under: its division code (an imported city's profile), else the shipped
    /// city's (Linyi, 371300, the NBS code of the reference files).
    /// </summary>
    public static string CityOf(DuckDBConnection conn) => CityProfileStore.Read(conn)?.DivisionCode is { Length: > 0 } c
        ? CheckCode(c) : ShippedCity;

    public const string ShippedCity = "371300";

    /// <summary>City codes become folder names: letters, digits, '-' and '_' only (none can leave the lake).</summary>
    public static string CheckCode(string city) => CodePattern().IsMatch(city) ? city
        : throw new ArgumentException($"not a city code usable as a folder name: '{city}' (letters, digits, - and _)");

    /// <summary>A path quoted for a DuckDB SQL literal (COPY and read_parquet take no parameter for it).</summary>
    internal static string Quote(string path) => "'" + path.Replace("'", "''") + "'";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")] private static partial Regex CodePattern();
}

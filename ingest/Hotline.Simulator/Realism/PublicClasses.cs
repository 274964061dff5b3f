namespace Hotline.Simulator.Realism;

/// <summary>
/// The correspondence between simulator categories and the first-level classes of the public 2020 Teddy Cup
/// message set (Realism/teddy2020-classes.csv, with the reasoning in its header), so that text from the simulator
/// and real citizens' text can be compared on one label set.
/// </summary>
public static class PublicClasses
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Teddy = new(() =>
    {
        using var s = typeof(PublicClasses).Assembly
            .GetManifestResourceStream("Hotline.Simulator.teddy2020-classes.csv")
            ?? throw new InvalidOperationException("missing embedded teddy2020-classes.csv");
        using var r = new StreamReader(s);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in r.ReadToEnd().Split('\n'))
        {
            var l = line.Trim();
            if (l.Length == 0 || l[0] == '#' || l == "code,class") continue;
            var parts = Hotline.Ingest.Csv.CsvLines.Split(l);
            if (parts.Count != 2) throw new FormatException($"teddy2020-classes.csv: bad line '{l}'");
            map.Add(parts[0], parts[1]);
        }
        return map;
    });

    /// <summary>
    /// Simulator category code → Teddy first-level class; categories without a counterpart are absent.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Teddy2020 => Teddy.Value;
}

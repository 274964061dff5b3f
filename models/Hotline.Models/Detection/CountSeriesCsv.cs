using Hotline.Ingest.Csv;

namespace Hotline.Models.Detection;

/// <summary>A regular count series read from CSV with columns date,count (header row, ISO dates, ascending).</summary>
public sealed record CountSeries(IReadOnlyList<DateOnly> Dates, IReadOnlyList<double> Counts)
{
    public static CountSeries ReadCsv(string path, string frequency)
    {
        var step = frequency switch
        {
            "day" => 1,
            "week" => 7,
            _ =>
            throw new ArgumentException($"--frequency must be day or week, not '{frequency}'")
        };
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count < 2) throw new InvalidDataException($"{path}: expected a header row and at least one data row");
        var header = CsvLines.Split(lines[0]).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int di = header.IndexOf("date"), ci = header.IndexOf("count");
        if (di < 0
            || ci < 0) throw new InvalidDataException($"{path}: header must have columns "
                + $"'date' and 'count' (found: {lines[0]})");
        var dates = new List<DateOnly>();
        var counts = new List<double>();
        for (var n = 1; n < lines.Count; n++)
        {
            var cells = CsvLines.Split(lines[n]);
            if (cells.Count <= Math.Max(di,
                ci)) throw new InvalidDataException($"{path} line {n + 1}: too few columns");
            if (!DateOnly.TryParse(cells[di].Trim(), CultureInfo.InvariantCulture, out var d))
                throw new InvalidDataException($"{path} line {n + 1}: '{cells[di]}' is not a date (use yyyy-MM-dd)");
            if (!double.TryParse(cells[ci].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var c)
                || c < 0 || double.IsNaN(c))
                throw new InvalidDataException($"{path} line {n + 1}: '{cells[ci]}' is not a non-negative count");
            if (dates.Count > 0 && d.DayNumber - dates[^1].DayNumber != step)
                throw new InvalidDataException($"{path} line {n + 1}: {d:yyyy-MM-dd} does "
                    + $"not follow {dates[^1]:yyyy-MM-dd} by "
                    + $"one {frequency} (the series must be regular, gaps filled with 0)");
            dates.Add(d);
            counts.Add(c);
        }
        return new CountSeries(dates, counts);
    }
}

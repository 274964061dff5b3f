namespace Hotline.Ingest.Csv;

/// <summary>Minimal RFC 4180 reader for the small reference files we ship (quoted fields allowed).
/// Large user CSVs go through DuckDB's own reader instead.</summary>
public static class CsvLines
{
    public static IEnumerable<Dictionary<string, string>> Read(TextReader reader)
    {
        var header = reader.ReadLine() is { } h ? Split(h.TrimStart('\uFEFF'))
            : throw new InvalidDataException("empty CSV");
        string? line;
        var lineNo = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (line.Length == 0) continue;
            var cells = Split(line);
            if (cells.Count != header.Count)
                throw new InvalidDataException($"line {lineNo}: {cells.Count} fields, header has {header.Count}");
            var row = new Dictionary<string, string>(header.Count, StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++) row[header[i]] = cells[i];
            yield return row;
        }
    }

    public static List<string> Split(string line)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        cells.Add(sb.ToString());
        return cells;
    }
}

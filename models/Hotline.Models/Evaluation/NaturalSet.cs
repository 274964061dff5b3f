using Hotline.Ingest.Csv;

namespace Hotline.Models.Evaluation;

/// <summary>What a dispatcher should do with a ticket: the safety class decides how a miss is counted.</summary>
public enum Safety { None, Emergency, Hazard2h }

/// <summary>
/// One naturally worded ticket of a development or check set (models/sets/natural/README.md): the caller's words, a
/// place if the caller gave one, and the careful dispatcher's answer.
/// </summary>
public sealed record NaturalTicket(string Id, string Content, string? District, string Category, string UnitKind,
    Disposition Disposition, Safety Safety, string Style);

public static class NaturalSet
{
    /// <summary>
    /// Reads a set: columns id, content, district, category, unit_kind, disposition, safety (emergency | hazard_2h |
    /// none) and optionally style. A row that cannot be read is an error naming it (a set is written by hand; a
    /// silently skipped row would change every figure).
    /// </summary>
    public static List<NaturalTicket> Load(string path)
    {
        var t = CsvTable.Read(path);
        int Col(string name) => t.Index(name);
        int? Opt(string name) => t.Columns.Contains(name) ? t.Index(name) : null;
        var (id, content, district, category, kind, disposition, safety) = (Col("id"), Col("content"),
            Col("district"), Col("category"), Col("unit_kind"), Col("disposition"), Col("safety"));
        var style = Opt("style");
        var rows = new List<NaturalTicket>();
        for (var i = 0; i < t.Rows.Count; i++)
        {
            var r = t.Rows[i];
            string Need(int c, string name) => string.IsNullOrWhiteSpace(r[c])
                ? throw new InvalidDataException($"{path}: row {i + 2} has no {name}") : r[c]!.Trim();
            var d = Need(disposition, "disposition");
            if (!Codes.TryParse<Disposition>(d, out var disp))
                throw new InvalidDataException($"{path}: row {i + 2}: unknown disposition '{d}'");
            var s = Need(safety, "safety") switch
            {
                "emergency" => Safety.Emergency,
                "hazard_2h" => Safety.Hazard2h,
                "none" => Safety.None,
                var other => throw new InvalidDataException($"{path}: row {i + 2}: unknown safety '{other}'"),
            };
            rows.Add(new NaturalTicket(Need(id, "id"), Need(content, "content"),
                string.IsNullOrWhiteSpace(r[district]) ? null : r[district]!.Trim(), Need(category, "category"),
                Need(kind, "unit_kind"), disp, s, style is { } st ? r[st] ?? "" : ""));
        }
        return rows;
    }
}

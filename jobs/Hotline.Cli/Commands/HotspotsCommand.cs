using Hotline.Ingest.Csv;
using Hotline.Models.Hotspots;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline hotspots`: the top hot issues of a message file (the 2020 challenge's task on real messages).
/// </summary>
public static class HotspotsCommand
{
    public static Command Build()
    {
        var input = Cli.Required<string>("--input",
            "CSV with title, body (or text), time and optional likes/against columns");
        var top = Cli.Opt<int>("--top", "how many hot issues", 5);
        var json = Cli.Opt<bool>("--json", "machine-readable output");
        var kmeans = Cli.Opt<int?>("--compare-kmeans",
            "also cluster with ML.NET KMeans into K clusters and print its top issues (for comparison)");
        var cmd = new Command("hotspots",
            "Find hot issues: many messages about the same problem at the same place, ranked by "
                + "a heat index.") { input, top, json, kmeans };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var path = p.GetValue(input)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"input file not found: {path}");
            if (p.GetValue(top) is < 1 or > 100) throw new ArgumentException("--top must be between 1 and 100");
            var docs = Read(path);
            var issues = new HotspotClustering().Find(docs, p.GetValue(top));
            if (p.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    input = Path.GetFileName(path), messages = docs.Count,
                    hot_issues = issues.Select(h => new
                    {
                        rank = h.Rank, heat = h.Heat, place = h.Place, from = h.From?.ToString("yyyy-MM-dd"),
                        to = h.To?.ToString("yyyy-MM-dd"),
                        messages = h.Messages, likes = h.Likes, against = h.Against, top_terms = h.TopTerms,
                        titles = h.Titles,
                        coherence = h.Coherence, message_ids = h.Ids,
                    }),
                }, Json.Options));
            else Print(issues, docs.Count);
            if (p.GetValue(kmeans) is { } k)
            {
                var km = KMeansBaseline.Find(docs, k, p.GetValue(top), seed: 1);
                AnsiConsole.MarkupLine($"[bold]ML.NET KMeans (k = {k})[/] on the same vectors, ranked the same way:");
                Print(km, docs.Count);
                AnsiConsole.MarkupLine($"mean coherence of the top {p.GetValue(top)}: threshold "
                    + $"clustering {issues.Average(h => h.Coherence):0.000}, "
                        + $"KMeans {km.Average(h => h.Coherence):0.000}");
            }
            return 0;
        }));
        return cmd;
    }

    public static List<HotspotInput> Read(string path)
    {
        var t = CsvTable.Read(path);
        int id = t.Find("id"), title = t.Find("title"), body = t.Find("body", "content", "text"),
            time = t.Find("time", "received_at"), likes = t.Find("likes"), against = t.Find("against");
        if (title < 0
            && body < 0) throw new InvalidDataException($"{path}: needs a title "
                + $"or body/text column (found: {string.Join(", ", t.Columns)})");
        static int Int(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : 0;
        return t.Rows.Select((r, i) =>
            new HotspotInput(id >= 0 ? r[id] ?? $"row{i + 2}" : $"row{i + 2}", title >= 0 ? r[title] ?? "" : "",
            body >= 0 ? r[body] ?? "" : "",
            time >= 0 && DateTime.TryParse(r[time], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
                : null,
            likes >= 0 ? Int(r[likes]) : 0, against >= 0 ? Int(r[against]) : 0)).ToList();
    }

    private static void Print(List<HotIssue> issues, int n)
    {
        AnsiConsole.MarkupLine($"{n:N0} messages; top {issues.Count} hot issues:");
        foreach (var h in issues)
        {
            AnsiConsole.MarkupLine($"[bold]{h.Rank}. {Markup.Escape(h.Place ?? "(no place named)")}[/] "
                + $"— {h.Messages} messages, {h.Likes} likes, coherence {h.Coherence:0.00}, " +
                                   $"{h.From:yyyy-MM-dd}..{h.To:yyyy-MM-dd}; heat {h.Heat:0.0}; "
                                       + $"terms: {Markup.Escape(string.Join(" ", h.TopTerms))}");
            foreach (var title in h.Titles) AnsiConsole.MarkupLine($"   · {Markup.Escape(title)}");
        }
    }
}

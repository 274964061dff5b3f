using Hotline.Ingest.Csv;

namespace Hotline.Models.Text;

/// <summary>
/// A centre's category tree (e.g. the message board's 城乡建设 › 城市建设和市政管理 › 燃气供应) read as prior knowledge
/// for a text classifier: each name under a label becomes one short training text of that label. With a couple of
/// thousand labelled messages many matters (燃气供应、冬季采暖、医疗纠纷) occur a handful of times or never; the
/// tree's own words tie them to their class. On the real Teddy messages this is worth about a point of macro-F1
/// (docs/models.md). Labels the training data does not use, and catch-all rows (其他), are skipped.
/// </summary>
public static class CategoryTree
{
    /// <summary>The conventional file name, looked for next to a training CSV.</summary>
    public const string FileName = "taxonomy.csv";

    private static readonly HashSet<string> CatchAll = ["其他", "其它", "综合"];

    /// <summary>
    /// One example per path below a label: "level2 level3" (the names of the levels under the first column),
    /// labelled with the first column's value.
    /// </summary>
    public static List<TextExample> Examples(string path, IReadOnlySet<string> labels)
    {
        var table = CsvTable.Read(path);
        if (table.Columns.Count < 2)
            throw new InvalidDataException($"{path}: a category tree needs a label column and at least one level below");
        var examples = new List<TextExample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            var label = row[0]?.Trim();
            if (string.IsNullOrEmpty(label) || !labels.Contains(label)) continue;
            var names = row.Skip(1).Select(n => n?.Trim() ?? "").Where(n => n.Length > 0).ToList();
            // A catch-all (其他) says nothing of its own; the row would only repeat the level above.
            if (names.Count == 0 || names.Any(CatchAll.Contains)) continue;
            var text = string.Join(" ", names);
            if (seen.Add(label + "\u0001" + text)) examples.Add(new TextExample { Body = text, Label = label });
        }
        return examples;
    }

    /// <summary>
    /// The tree to use for a training file: the one given, none for "none", else taxonomy.csv beside the training
    /// file when there is one.
    /// </summary>
    public static string? Resolve(string trainPath, string? given)
    {
        if (string.Equals(given, "none", StringComparison.OrdinalIgnoreCase)) return null;
        if (!string.IsNullOrEmpty(given))
            return File.Exists(given) ? given : throw new FileNotFoundException($"category tree not found: {given}");
        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(trainPath))!, FileName);
        return File.Exists(beside) ? beside : null;
    }
}

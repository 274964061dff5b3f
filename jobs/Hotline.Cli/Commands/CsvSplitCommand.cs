using Hotline.Ingest.Csv;
using Hotline.Models.Evaluation;
using Hotline.Models.Text;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline csv-split`: a seeded, stratified train/test split of a labelled CSV (for data without timestamps).
/// </summary>
public static class CsvSplitCommand
{
    public static Command Build()
    {
        var input = Cli.Required<string>("--input", "labelled CSV");
        var label = Cli.Required<string>("--label", "label column to stratify on");
        var fraction = Cli.Opt("--test-fraction", "share of rows held out for testing", 0.2);
        var seed = Cli.Opt("--seed", "random seed (same seed, same result)", 7);
        var outDir = Cli.Required<string>("--out", "directory for train.csv and test.csv");
        var cmd = new Command("csv-split",
            "Split a labelled CSV into train.csv and test.csv, stratified by label, reproducibly.")
            { input, label, fraction, seed, outDir };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var table = CsvTable.Read(p.GetValue(input)!);
            var li = table.Index(p.GetValue(label)!);
            var rows = table.Rows.Where(r => !string.IsNullOrWhiteSpace(r[li])).ToList();
            var (train, test) = StratifiedSplit.Split(rows.Select(r => r[li]!).ToList(), p.GetValue(fraction),
                p.GetValue(seed));
            var dir = p.GetValue(outDir)!;
            Directory.CreateDirectory(dir);
            CsvTable.Write(Path.Combine(dir, "train.csv"), table.Columns, train.Select(i => rows[i]));
            CsvTable.Write(Path.Combine(dir, "test.csv"), table.Columns, test.Select(i => rows[i]));
            Console.WriteLine($"{train.Count} training rows -> {Path.Combine(dir, "train.csv")}; {test.Count} test "
                + $"rows -> {Path.Combine(dir, "test.csv")}");
            // The category tree travels with its messages, so evaluate classifier on the split uses it too.
            var tree = CategoryTree.Resolve(p.GetValue(input)!, null);
            if (tree is not null)
            {
                File.Copy(tree, Path.Combine(dir, CategoryTree.FileName), overwrite: true);
                Console.WriteLine($"category tree {tree} copied beside them");
            }
            return 0;
        }));
        return cmd;
    }
}

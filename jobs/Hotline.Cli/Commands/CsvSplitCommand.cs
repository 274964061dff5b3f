using System.CommandLine;
using Hotline.Models.Evaluation;

namespace Hotline.Cli.Commands;

/// <summary>`hotline csv-split`: a seeded, stratified train/test split of a labelled CSV (for data without timestamps).</summary>
public static class CsvSplitCommand
{
    public static Command Build()
    {
        var input = new Option<string>("--input") { Description = "labelled CSV", Required = true };
        var label = new Option<string>("--label") { Description = "label column to stratify on", Required = true };
        var fraction = new Option<double>("--test-fraction") { DefaultValueFactory = _ => 0.2 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 7 };
        var outDir = new Option<string>("--out") { Description = "directory for train.csv and test.csv", Required = true };
        var cmd = new Command("csv-split", "Split a labelled CSV into train.csv and test.csv, stratified by label, reproducibly.")
            { input, label, fraction, seed, outDir };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var table = CsvTable.Read(p.GetValue(input)!);
            var li = table.Index(p.GetValue(label)!);
            var rows = table.Rows.Where(r => !string.IsNullOrWhiteSpace(r[li])).ToList();
            var (train, test) = StratifiedSplit.Split(rows.Select(r => r[li]!).ToList(), p.GetValue(fraction), p.GetValue(seed));
            var dir = p.GetValue(outDir)!;
            Directory.CreateDirectory(dir);
            CsvTable.Write(Path.Combine(dir, "train.csv"), table.Columns, train.Select(i => rows[i]));
            CsvTable.Write(Path.Combine(dir, "test.csv"), table.Columns, test.Select(i => rows[i]));
            Console.WriteLine($"{train.Count} training rows -> {Path.Combine(dir, "train.csv")}; {test.Count} test rows -> {Path.Combine(dir, "test.csv")}");
            return 0;
        }));
        return cmd;
    }
}

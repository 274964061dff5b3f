using Hotline.Jobs.Privacy;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline pii-scan PATH`: exit 0 when no personal data is found under PATH, 2 when some is (1 stays "could not
/// scan").
/// </summary>
public static class PiiScanCommand
{
    public const int FoundExitCode = 2;

    public static Command Build()
    {
        var path = new Argument<string>("path")
        {
            Description = "an output folder or file (Markdown, "
            + "HTML, JSON, CSV, text, Parquet, Arrow)"
        };
        var json = Cli.Opt<bool>("--json", "print the findings as JSON");
        var cmd = new Command("pii-scan",
            "Scan outputs for phone numbers, ID and bank card numbers, e-mail, caller names and "
                + "house numbers; non-zero exit if any is found.") { path, json };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var result = PiiScanner.Scan(p.GetValue(path)!);
            if (p.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result, Json.Options));
            else
            {
                foreach (var f in result.Findings.Take(200)) Console.WriteLine($"{f.File}: {f.Where}: {f.Kind}: "
                    + $"…{f.Context}…");
                if (result.Findings.Count > 200) Console.WriteLine($"… and {result.Findings.Count - 200} more");
                Console.Error.WriteLine($"{result.FilesScanned} files scanned, {result.Skipped.Count} "
                    + "skipped (images, warehouse files), " +
                                        $"{result.Findings.Count} findings "
                                            + $"in {result.Findings.Select(f => f.File).Distinct().Count()} files");
            }
            return result.Findings.Count == 0 ? 0 : FoundExitCode;
        }));
        return cmd;
    }
}

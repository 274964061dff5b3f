using System.Diagnostics;

namespace Hotline.Integration.Tests;

/// <summary>
/// The notebooks (file-based apps under notebooks/) run against the small simulated warehouse and print their analyses.
/// </summary>
[Collection("routing")]
public class NotebookTests(RoutingWarehouse fixture)
{
    [Theory]
    [InlineData("seasonality.cs", "Most seasonal categories")]
    [InlineData("unit-performance.cs", "Units returning most tickets")]
    public async Task Notebook_runs_on_a_simulated_warehouse(string notebook, string section)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Hotline.Analytics.sln"))) root = Path.GetDirectoryName(root)
            ?? throw new InvalidOperationException("repo root not found");
        var copy = Path.Combine(TestData.TempDir("notebook"), "w.duckdb");
        File.Copy(fixture.Path, copy);
        var psi = new ProcessStartInfo("dotnet", ["run", Path.Combine(root, "notebooks", notebook), "--", copy])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath(),
        };
        using var p = Process.Start(psi)!;
        var readOut = p.StandardOutput.ReadToEndAsync();
        var readErr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await p.WaitForExitAsync(timeout.Token);
        var (stdout, stderr) = (await readOut, await readErr);
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr}{stdout}");
        Assert.Contains(section, stdout);
        // Each section printed a header and at least one data row.
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var at = Array.FindIndex(lines, l => l.Contains(section));
        Assert.True(lines.Length > at + 2 && lines[at + 2].Contains('|'), stdout);
    }
}

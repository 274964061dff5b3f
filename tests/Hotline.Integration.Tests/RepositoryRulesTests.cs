using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Hotline.Integration.Tests;

/// <summary>
/// Rules about the code base itself that review would otherwise have to catch by eye: dependencies point one way
/// (ingest ← models ← jobs ← server ← cli), nothing but the CLI's own tests references the CLI, and no source line is
/// over 120 characters unless a string literal needs it (layout is CSharpier's; this catches what it cannot wrap).
/// </summary>
public sealed partial class RepositoryRulesTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hotline.Analytics.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private static IEnumerable<string> Projects() =>
        Directory
            .EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));

    private static List<string> References(string project) =>
        XDocument
            .Load(project)
            .Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value))
            .ToList();

    /// <summary>Each production project's layer; a project may reference only lower layers.</summary>
    private static readonly Dictionary<string, int> Layer = new()
    {
        ["Hotline.Ingest"] = 0,
        ["Hotline.Simulator"] = 1,
        ["Hotline.Models"] = 1,
        ["Hotline.Jobs"] = 2,
        ["Hotline.Server"] = 3,
        ["Hotline.Cli"] = 4,
    };

    [Fact]
    public void Dependencies_point_one_way()
    {
        foreach (var project in Projects())
        {
            var name = Path.GetFileNameWithoutExtension(project);
            if (!Layer.TryGetValue(name, out var layer)) continue;
            foreach (var r in References(project))
                Assert.True(Layer[r] < layer, $"{name} (layer {layer}) must not reference {r} (layer {Layer[r]})");
        }
    }

    [Fact]
    public void Only_the_CLI_and_its_tests_reference_the_CLI()
    {
        var offenders = Projects()
            .Where(p => References(p).Contains("Hotline.Cli"))
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n is not ("Hotline.Cli.Tests" or "Hotline.Integration.Tests"))
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void No_source_line_is_over_120_characters_unless_a_string_literal_needs_it()
    {
        var offenders = new List<string>();
        foreach (
            var file in Directory
                .EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
        )
        {
            var inRaw = false;
            var n = 0;
            foreach (var line in File.ReadLines(file))
            {
                n++;
                var quotes = RawQuotes().Matches(line).Count;
                var wasRaw = inRaw;
                if (quotes % 2 == 1 && !line.TrimStart().StartsWith("//", StringComparison.Ordinal)) inRaw = !inRaw;
                if (line.Length <= 120) continue;
                // Inside a raw string (SQL, HTML) text is data; a long literal on the line (a JSON test input, a regex)
                // is what needs the width. Code after a raw string closes, and anything else, must wrap.
                var closesWithCode = wasRaw && !inRaw
                    && line[(line.IndexOf("\"\"\"", StringComparison.Ordinal) + 3)..].Length > 40;
                if ((wasRaw && !closesWithCode) || Literals().Matches(line).Any(m => m.Length >= 50)) continue;
                offenders.Add($"{Path.GetRelativePath(Root, file)}:{n} ({line.Length})");
            }
        }
        Assert.True(offenders.Count == 0, "lines over 120 characters: " + string.Join(", ", offenders.Take(20)));
    }

    [GeneratedRegex("\"\"\"")]
    private static partial Regex RawQuotes();

    [GeneratedRegex(@"\$*""""""[^\n]*?""""""|@?\$?""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex Literals();
}

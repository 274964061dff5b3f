namespace Hotline.Ingest.Machine;

/// <summary>
/// Pauses at named points inside the steps that must survive a kill -9 (a batch commit, a materialization chunk, a
/// migration step, a model promotion), so the crash-safety tests can kill the process exactly there, inside an open
/// transaction. Off unless HOTLINE_TEST_HOOKS is set, e.g. "commit:1500,materialize:1500" (point:milliseconds);
/// when a point is reached the process writes "hook:&lt;point&gt;" to stderr, which the test waits for.
/// </summary>
public static class TestHooks
{
    private static readonly Dictionary<string, int> Pauses =
        Read(Environment.GetEnvironmentVariable("HOTLINE_TEST_HOOKS"));

    private static Dictionary<string, int> Read(string? spec)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in (spec ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split(':');
            if (kv.Length == 2 && int.TryParse(kv[1], out var ms)) d[kv[0]] = ms;
        }
        return d;
    }

    public static void At(string point)
    {
        if (Pauses.Count == 0 || !Pauses.TryGetValue(point, out var ms)) return;
        Console.Error.WriteLine($"hook:{point}");
        Console.Error.Flush();
        Thread.Sleep(ms);
    }
}

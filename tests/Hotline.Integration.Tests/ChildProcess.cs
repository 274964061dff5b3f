using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Hotline.Integration.Tests;

/// <summary>
/// The real `hotline` CLI as a child process (the test project references it, so hotline.dll sits next to the tests),
/// with optional crash hooks (HOTLINE_TEST_HOOKS, see TestHooks), its output kept so a test can wait for a marker
/// and then kill -9 it there.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    public Process Process { get; }
    public DateTime StartedAt { get; } = DateTime.UtcNow;

    public ChildProcess(ITestOutputHelper output, string? hooks, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hotline.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (hooks is not null) psi.Environment["HOTLINE_TEST_HOOKS"] = hooks;
        Process = Process.Start(psi)!;
        void Keep(string? line, string tag)
        {
            if (line is null) return;
            _lines.Enqueue(line);
            try { output.WriteLine($"[{tag}] {line}"); } catch (InvalidOperationException) { }
        }
        Process.OutputDataReceived += (_, e) => Keep(e.Data, "out");
        Process.ErrorDataReceived += (_, e) => Keep(e.Data, "err");
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public bool Saw(string marker) => Seen(marker) > 0;

    private int Seen(string marker) => _lines.ToArray().Count(l => l.Contains(marker, StringComparison.Ordinal));

    /// <summary>Waits until the child printed <paramref name="marker"/> <paramref name="times"/> times; false if it
    /// exited or time ran out.</summary>
    public bool WaitFor(string marker, TimeSpan timeout, int times = 1)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (Seen(marker) >= times) return true;
            if (Process.HasExited) return Seen(marker) >= times;
            Thread.Sleep(20);
        }
        return false;
    }

    /// <summary>SIGKILL: no flush, no cleanup, no finally blocks.</summary>
    public void Kill()
    {
        if (Process.HasExited) return;
        Process.Kill();
        Process.WaitForExit();
    }

    public int Wait(TimeSpan timeout)
    {
        Assert.True(Process.WaitForExit(timeout), "child did not finish in time");
        Process.WaitForExit();
        return Process.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        Process.Dispose();
    }
}

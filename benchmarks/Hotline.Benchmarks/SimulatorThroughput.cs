namespace Hotline.Benchmarks;

/// <summary>Simulator throughput: tickets/s generated, with a null sink and with JSONL serialisation.</summary>
public static class SimulatorThroughput
{
    private sealed class NullSink : IEventSink
    {
        public long Count;
        public void Write(TicketEvent e) => Count++;
    }

    /// <summary>
    /// This benchmark again, in a child process with the GC settings of `./hotline simulate` (see the launcher).
    /// </summary>
    public static void RunInChild(int days)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            start.ArgumentList.Add(typeof(SimulatorThroughput).Assembly.Location);
        foreach (var a in new[] { "simulator", "--child", "--days",
            days.ToString(System.Globalization.CultureInfo.InvariantCulture) }) start.ArgumentList.Add(a);
        start.Environment["DOTNET_gcServer"] = "1";
        start.Environment["DOTNET_GCDynamicAdaptationMode"] = "0";
        using var child = Process.Start(start)
            ?? throw new InvalidOperationException("could not start the simulator benchmark");
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException("simulator benchmark "
            + $"exited with {child.ExitCode}");
    }

    public static void Run(int days, int perDay)
    {
        var options = new SimulatorOptions
        {
            Start = new DateOnly(2025, 1, 1), Days = days, TicketsPerDay = perDay,
            Seed = 7
        };
        new CitySimulator(options with { Days = 10 }).Run(new NullSink()); // warm-up (JIT, GC heaps)
        var sim = new CitySimulator(options);
        var alloc0 = GC.GetTotalAllocatedBytes(true);
        var pause0 = GC.GetTotalPauseDuration();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var w = Stopwatch.StartNew();
        sim.Run(new NullSink());
        var gen = w.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine("  "
            + $"allocated {(GC.GetTotalAllocatedBytes(true) - alloc0) / (double)sim.TicketsEmitted / 1024:N1} KB "
            + $"per ticket; GC pause {(GC.GetTotalPauseDuration() - pause0).TotalSeconds:0.00} s; " +
                          $"CPU {cpu * 1e6 / sim.TicketsEmitted:0.0} µs per ticket "
                              + $"({cpu / gen:0.00} of {Environment.ProcessorCount} cores busy)");
        Console.WriteLine($"simulator, generation only: {sim.TicketsEmitted:N0} tickets, {sim.EventsEmitted:N0} "
            + $"events in {gen:0.00} s = {sim.TicketsEmitted / gen:N0} "
            + $"tickets/s, {sim.EventsEmitted / gen:N0} events/s; merge "
            + $"waited {sim.MergeWaited.TotalSeconds:0.00} s for generation");
        var path = Path.Combine(Path.GetTempPath(), $"hotline-bench-{Guid.NewGuid():N}.jsonl");
        sim = new CitySimulator(options);
        w.Restart();
        using (var sink = JsonlSink.Create(path)) sim.Run(sink);
        var full = w.Elapsed.TotalSeconds;
        Console.WriteLine($"simulator, to JSONL file:   {sim.TicketsEmitted:N0} tickets in {full:0.00} s "
            + $"= {sim.TicketsEmitted / full:N0} tickets/s ({new FileInfo(path).Length / 1e6:N0} MB); "
            + $"merge waited {sim.MergeWaited.TotalSeconds:0.00} s");
        File.Delete(path);
    }
}

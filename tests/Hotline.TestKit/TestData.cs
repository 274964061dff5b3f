using Hotline.Ingest.Contract;
using Hotline.Simulator;

namespace Hotline.TestKit;

/// <summary>Shared helpers: temporary folders and small simulated streams.</summary>
public static class TestData
{
    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "hotline-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A file of the repository (docs, fixtures of another test project), found from the test's
    /// folder.</summary>
    public static string InRepo(string relative)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Hotline.Analytics.sln"))) dir = Path.GetDirectoryName(dir)!;
        return Path.Combine(dir, relative);
    }

    public sealed class ListSink : IEventSink
    {
        public List<TicketEvent> Events { get; } = [];
        public void Write(TicketEvent e) => Events.Add(e);
    }

    public static List<TicketEvent> Simulate(int days, int perDay, int seed = 11, DateOnly? start = null,
        TruthRecorder? truth = null)
    {
        var sink = new ListSink();
        new CitySimulator(new SimulatorOptions
        {
            Start = start ?? new DateOnly(2025, 3, 1), Days = days,
            TicketsPerDay = perDay, Seed = seed
        })
            .Run(sink, truth);
        return sink.Events;
    }

    public static void WriteJsonl(string path, IEnumerable<byte[]> lines)
    {
        using var f = File.Create(path);
        foreach (var l in lines)
        {
            f.Write(l);
            f.WriteByte((byte)'\n');
        }
    }
}

using Hotline.Models.Warning.Store;

namespace Hotline.Models.Warning;

/// <summary>
/// The detectors run as if live over a stretch of history: a scan every 10 minutes with no look-ahead, the
/// detectors' baseline loaded before it and the operators' silences applied. `alerts replay`, the demo, the
/// evaluation and the benchmark all run this.
/// </summary>
public static class WarningReplay
{
    /// <summary>Replays [from, to) with the tickets read from the warehouse.</summary>
    public static List<AlertChange> Run(DuckDBConnection conn, DateTime from, DateTime to,
        IReadOnlySet<DetectorName>? detectors = null, ReferenceData? reference = null) =>
        Run(WarningData.Load(conn, from - TimeSpan.FromDays(DailyCountDetector.History + 3), to), conn, from, to,
            detectors, reference);

    /// <summary>
    /// Replays [from, to) over tickets already loaded (the evaluation loads them once for many runs).
    /// </summary>
    /// <param name="reference">The warehouse's city (an imported city's units and areas); the built-in city when
    /// null.</param>
    public static List<AlertChange> Run(List<WarningTicket> tickets, DuckDBConnection conn, DateTime from, DateTime to,
        IReadOnlySet<DetectorName>? detectors = null, ReferenceData? reference = null)
    {
        var engine = new WarningEngine(reference ?? ReferenceData.Default)
        {
            Detectors = detectors ?? WarningEngine.LiveDetectors,
        };
        engine.Alerts.Silences.AddRange(AlertStore.Silences(conn));
        return engine.Run(tickets, from, to, WarningScan.Step);
    }
}

namespace Hotline.Models.Warning.Detectors;

/// <summary>
/// One detector's finding at one scan: a group of related tickets at a place that is more than chance.
/// Several signals about the same incident become one alert (see <see cref="AlertManager"/>).
/// </summary>
public sealed record Signal
{
    public required DetectorName Detector { get; init; }
    public string? RiskGroup { get; init; }
    public string? Category { get; init; }
    /// <summary>The county the tickets are in (alerts group by it).</summary>
    public required string District { get; init; }
    /// <summary>The township when the tickets concentrate in one; null for a county-wide signal.</summary>
    public string? Township { get; init; }
    public required IReadOnlyList<WarningTicket> Tickets { get; init; }
    public int Callers => Tickets.Select(t => t.Caller ?? t.TicketId).Distinct().Count();
    public double Observed { get; init; }
    public double Expected { get; init; }
    public double PValue { get; init; }
    public TimeSpan Window { get; init; }
    /// <summary>Seasonal or announced: real but expected, so never above low severity.</summary>
    public bool Expectable { get; init; }
}

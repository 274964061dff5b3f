namespace Hotline.Simulator;

public sealed record SimulatorOptions
{
    public required DateOnly Start { get; init; }
    public required int Days { get; init; }
    public required int TicketsPerDay { get; init; }
    public required int Seed { get; init; }
    /// <summary>Injected real incidents (gas leak, water-main burst, …) per 30 days.</summary>
    public double IncidentsPerMonth { get; init; } = 4;
    /// <summary>
    /// Look-alike normal events (announced water cuts) per 30 days; the November heating start comes on top.
    /// </summary>
    public double DecoysPerMonth { get; init; } = 1.5;
    /// <summary>Share of dispatched tickets first sent to a wrong unit (returned, then re-dispatched).</summary>
    public double MisdispatchRate { get; init; } = 0.10;

    public DateTime StartTime => Start.ToDateTime(TimeOnly.MinValue);
    public DateTime EndTime => Start.AddDays(Days).ToDateTime(TimeOnly.MinValue);

    public void Validate()
    {
        if (Days is < 1 or > 3660) throw new ArgumentException("--days must be between 1 and 3660");
        if (TicketsPerDay is < 1 or > 1_000_000) throw new ArgumentException("--tickets-per-day must be between "
            + "1 and 1,000,000");
        if (MisdispatchRate is < 0 or > 0.5) throw new ArgumentException("misdispatch rate must be within 0..0.5");
        if (IncidentsPerMonth < 0
            || DecoysPerMonth < 0) throw new ArgumentException("incident and decoy rates must not be negative");
    }
}

using Hotline.Ingest.Contract;
using Hotline.Ingest.Reference;

namespace Hotline.Simulator;

/// <summary>A caller: pseudonymous id, phone, kind, and the ground-truth flags written to callers.csv.</summary>
public sealed record Caller(string CallerId, string Phone, string Kind, bool Abusive)
{
    public bool Repeat { get; set; }
}

/// <summary>
/// One simulated ticket before emission: its created fields, its lifecycle events (without ids; the ticket id is
/// assigned when the created event is emitted in time order) and its ground truth.
/// </summary>
public sealed class SimTicket
{
    public required long Ordinal { get; init; }
    public required DateTime ReceivedAt { get; init; }
    public required Category Category { get; init; }
    public required Caller Caller { get; init; }
    public Place? Place { get; init; }
    public required TicketEvent Created { get; init; }
    public List<SimEvent> Lifecycle { get; } = [];

    // Ground truth (routing.csv)
    public string? LeadUnit { get; set; }
    public IReadOnlyList<string> AssistUnits { get; set; } = [];
    public required string Tier { get; init; }
    public required string Disposition { get; set; }
    public SimTicket? RepeatOf { get; init; }
    public string? IncidentId { get; init; }

    /// <summary>Assigned at emission.</summary>
    public string? Id { get; set; }
    public bool Emitted => Id is not null;
}

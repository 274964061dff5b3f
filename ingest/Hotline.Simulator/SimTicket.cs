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
    // Caller, place and created event are needed until the created event is emitted, while the lifecycle waits for
    // weeks of simulated time: dropping them then keeps the long-lived part of a ticket small (less for the GC to
    // move).
    private Caller? _caller;
    private Place? _place;
    private TicketEvent? _created;
    public required Caller Caller { get => _caller ?? throw Released(); init => _caller = value; }
    public Place? Place { get => _created is null ? throw Released() : _place; init => _place = value; }
    public required TicketEvent Created { get => _created ?? throw Released(); init => _created = value; }
    public List<SimEvent> Lifecycle { get; } = [];

    // Ground truth (routing.csv)
    public string? LeadUnit { get; set; }
    public IReadOnlyList<string> AssistUnits { get; set; } = [];
    public required string Tier { get; init; }
    public required Disposition Disposition { get; set; }
    public SimTicket? RepeatOf { get; init; }
    public string? IncidentId { get; init; }

    /// <summary>Assigned at emission.</summary>
    public string? Id { get; private set; }

    /// <summary>Gives the ticket its id and returns its created event, which the ticket then lets go of.</summary>
    public TicketEvent Emit(string id, TruthRecorder? truth)
    {
        Id = id;
        var created = Created with { TicketId = id, EventId = id + "-00" };
        truth?.Ticket(this);
        _created = null;
        _caller = null;
        _place = null;
        return created;
    }

    private static InvalidOperationException Released() =>
        new("the ticket's created data was released when it was emitted");
}

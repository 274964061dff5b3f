namespace Hotline.Models.Routing;

/// <summary>
/// One historical ticket as the router learns from it: what the dispatcher saw at intake, and what finally
/// happened (the unit that finally handled it, after any returns; a returned dispatch is never a label).
/// </summary>
public sealed record RoutingExample
{
    public required string TicketId { get; init; }
    public required DateTime ReceivedAt { get; init; }
    public string Title { get; init; } = "";
    public string Content { get; init; } = "";
    public string? Channel { get; init; }
    public string? RequestType { get; init; }
    public string? CallerId { get; init; }
    public string? District { get; init; }
    public string? Township { get; init; }
    /// <summary>Category the call-taker pre-selected at intake, if any (an input, not a label).</summary>
    public string? IntakeCategory { get; init; }

    // What finally happened (labels).
    /// <summary>
    /// Category the ticket was finally dispatched under; <see cref="RoutingLabels.Centre"/> when the centre handled it
    /// itself.
    /// </summary>
    public string Category { get; init; } = RoutingLabels.Centre;
    public string? LeadUnit { get; init; }
    public IReadOnlyList<string> AssistUnits { get; init; } = [];
    public string? Tier { get; init; }
    public int ReturnCount { get; init; }
    /// <summary>
    /// The lead unit (or the centre's own disposition) says who handles this category. False for tickets the
    /// centre closed for another reason (a repeat, abuse): their text still tells the category, their outcome
    /// tells nothing about the unit, and counting them taught the model that water cuts go to the centre.
    /// </summary>
    public bool Decided { get; init; } = true;
}

public static class RoutingLabels
{
    /// <summary>
    /// Tickets the centre answered or closed itself (knowledge base, legal channel, outside the city, repeat, abuse).
    /// </summary>
    public const string Centre = "_CENTRE";
}

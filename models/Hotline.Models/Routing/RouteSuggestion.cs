namespace Hotline.Models.Routing;

/// <summary>What the dispatcher needs to decide, with the why.</summary>
public sealed record UnitChoice(string UnitId, string? Name, double Probability);

public sealed record CategoryChoice(string Code, string? Name, double Probability);

public sealed record RouteSuggestion
{
    public required Disposition Disposition { get; init; }
    public required IReadOnlyList<UnitChoice> Units { get; init; }
    public string? LeadUnit { get; init; }
    public IReadOnlyList<string> AssistUnits { get; init; } = [];
    public required IReadOnlyList<CategoryChoice> Categories { get; init; }
    public string? Tier { get; init; }
    public DateTime? DueAt { get; init; }
    public double Confidence { get; init; }
    public double EmergencyProbability { get; init; }
    public bool Abstain { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
}

/// <summary>The ticket as it arrives at the dispatcher's desk.</summary>
public sealed record RouteRequest
{
    public string Title { get; init; } = "";
    public required string Content { get; init; }
    public string? District { get; init; }
    public string? Township { get; init; }
    public string? Channel { get; init; }
    public string? RequestType { get; init; }
    public string? IntakeCategory { get; init; }
    public DateTime? ReceivedAt { get; init; }

    public static RouteRequest From(RoutingExample x) => new()
    {
        Title = x.Title, Content = x.Content, District = x.District, Township = x.Township, Channel = x.Channel,
        RequestType = x.RequestType, IntakeCategory = x.IntakeCategory, ReceivedAt = x.ReceivedAt,
    };
}

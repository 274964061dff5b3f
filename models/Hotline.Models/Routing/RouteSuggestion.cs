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
    /// <summary>Why, in the dispatcher's words (Chinese).</summary>
    public required IReadOnlyList<string> Reasons { get; init; }
    /// <summary>
    /// The place the units were resolved at (from the request or named in the text); null when unknown.
    /// </summary>
    public string? District { get; init; }
    public string? Township { get; init; }
    /// <summary>The dispatch catalogue entry behind the suggestion.</summary>
    public CatalogueCitation? Catalogue { get; init; }
    /// <summary>emergency / hazard_2h when the safety layer recognised one happening now.</summary>
    public string? Safety { get; init; }
    /// <summary>The dispatcher's card in Chinese (<see cref="DispatchCard"/>).</summary>
    public IReadOnlyList<string> Card { get; init; } = [];
}

/// <summary>
/// A catalogue entry quoted on the card: code, name, definition, the caller's phrase it matched, the version.
/// </summary>
public sealed record CatalogueCitation(string Code, string Name, string Definition, string? Expression,
    string Version);

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

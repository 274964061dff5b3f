namespace Hotline.Ingest.Contract;

/// <summary>Why an input was rejected. The code groups dead letters for `hotline stats`; the message says
/// exactly what was wrong, for the person who has to fix the producer.</summary>
public sealed record Rejection(string Code, string Message)
{
    public const string NotJson = "not_json";
    public const string UnknownType = "unknown_type";
    public const string MissingField = "missing_field";
    public const string InvalidField = "invalid_field";
    public const string ImpossibleTime = "impossible_time";
    public const string Oversized = "oversized";
    public const string UnsupportedVersion = "unsupported_schema_version";
    public const string UnknownReference = "unknown_reference";
    /// <summary>
    /// The validator itself failed on this input (a bug to report); the input is kept, nothing stops.
    /// </summary>
    public const string InternalError = "internal_error";

    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>Result of validating one raw input: exactly one of Event or Rejection is set.</summary>
public readonly record struct ParseOutcome(TicketEvent? Event, Rejection? Rejection)
{
    public static ParseOutcome Ok(TicketEvent e) => new(e, null);
    public static ParseOutcome Fail(string code, string message) => new(null, new Rejection(code, message));
}

namespace Hotline.Server.Open311;

// The documents of Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), serialized snake_case by
// ApiJson; optional fields are written as null rather than left out, which the specification allows.

/// <summary>One service (request type) a client may submit: here, one of the city's ticket categories.</summary>
public sealed record Open311Service(string ServiceCode, string ServiceName, string? Description, bool Metadata,
    string Type, string? Keywords, string? Group);

/// <summary>The extra fields a service takes (GET services/{code}.json).</summary>
public sealed record Open311Definition(string ServiceCode, IReadOnlyList<Open311Attribute> Attributes);

public sealed record Open311Attribute(bool Variable, string Code, string Datatype, bool Required,
    string? DatatypeDescription, int? Order, string? Description, IReadOnlyList<Open311Value>? Values);

public sealed record Open311Value(string Key, string Name);

/// <summary>A service request as a client sees it: status, the unit handling it, the masked reply.</summary>
public sealed record Open311Request
{
    public required string ServiceRequestId { get; init; }
    public required string Status { get; init; }
    public string? StatusNotes { get; init; }
    public string? ServiceName { get; init; }
    public required string ServiceCode { get; init; }
    public string? Description { get; init; }
    public string? AgencyResponsible { get; init; }
    public string? ServiceNotice { get; init; }
    public required string RequestedDatetime { get; init; }
    public string? UpdatedDatetime { get; init; }
    public string? ExpectedDatetime { get; init; }
    public string? Address { get; init; }
    public string? AddressId { get; init; }
    public string? Zipcode { get; init; }
    public double? Lat { get; init; }
    public double? Long { get; init; }
    public string? MediaUrl { get; init; }
}

/// <summary>The answer to a POST: the id to follow the request by.</summary>
public sealed record Open311Created(string ServiceRequestId, string? ServiceNotice, string? AccountId);

/// <summary>One error; a response carries a list of them.</summary>
public sealed record Open311Error(int Code, string Description);

/// <summary>GET discovery.json: where the endpoint is and what it speaks.</summary>
public sealed record Open311Discovery(string Changeset, string Contact, string KeyService,
    IReadOnlyList<Open311Endpoint> Endpoints);

public sealed record Open311Endpoint(string Specification, string Url, string Changeset, string Type,
    IReadOnlyList<string> Formats);

namespace Hotline.Ingest.Import;

/// <summary>
/// What the warehouse records about the city whose history it holds (settings key city_profile): who it is, which
/// rules its reports cite, and where its reference tables came from. The tables themselves (areas, units,
/// categories) are the warehouse's dimension tables; for an imported city they were built from its own data.
/// </summary>
public sealed record CityInfo
{
    public required string Name { get; init; }
    public string? DivisionCode { get; init; }
    public string Country { get; init; } = "CN";
    public string TimeZone { get; init; } = "Asia/Shanghai";
    public string? Regulation { get; init; }
    public string? IssuingOffice { get; init; }
    /// <summary>builtin (the shipped Linyi tables) or imported.</summary>
    public string Source { get; init; } = "imported";
    public string? Shape { get; init; }
    /// <summary>
    /// What reports call the whole area: 全市 for a city (the default), 全省 for a province's reports read from a lake.
    /// </summary>
    public string? Scope { get; init; }

    public bool IsChina => Country.Equals("CN", StringComparison.OrdinalIgnoreCase);

    public static CityInfo From(CitySection c, string shape) => new()
    {
        Name = c.Name.Trim(), DivisionCode = c.DivisionCode, Country = c.Country.ToUpperInvariant(),
        TimeZone = c.TimeZone, Regulation = c.Regulation, IssuingOffice = c.IssuingOffice, Shape = shape,
    };
}

/// <summary>A city profile: its description and the reference data every later stage reads.</summary>
/// <param name="UnitIds">every spelling seen (normalised) → unit id.</param>
/// <param name="AreaCodes">every place name seen in the district/township columns → area code.</param>
/// <param name="CategoryCodes">every type seen → category code.</param>
public sealed record CityProfile(CityInfo City, ReferenceData Reference, IReadOnlyDictionary<string, string> UnitIds,
    IReadOnlyDictionary<string, string> AreaCodes, IReadOnlyDictionary<string, string> CategoryCodes)
{
    public string? UnitId(string? name) =>
        name is null ? null : UnitIds.GetValueOrDefault(UnitNames.Normalise(name));

    public string? AreaCode(string? name) => name is null ? null : AreaCodes.GetValueOrDefault(name.Trim());

    /// <summary>A township name is only known together with its county (城关街道 is in four counties of 商洛).</summary>
    public string? TownshipCode(string? district, string? township) =>
        township is null ? null : AreaCodes.GetValueOrDefault((district ?? "") + "|" + township.Trim());

    public string? CategoryCode(string? name) => name is null ? null : CategoryCodes.GetValueOrDefault(name.Trim());
}

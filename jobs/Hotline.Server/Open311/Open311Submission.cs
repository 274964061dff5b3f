using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hotline.Ingest.Contract;

namespace Hotline.Server.Open311;

/// <summary>
/// A POST requests.json form turned into the contract's created event — or into the reasons it cannot be one.
/// What the form says about the person (first_name, last_name, email, device_id, account_id) is never stored: it only
/// feeds the salted caller hash that links one person's requests (repeat calls), and a phone number goes on to the
/// event store, which keeps its hash and masked form only, as for every other input.
/// </summary>
public static class Open311Submission
{
    public const int MaxDescription = 4000;
    /// <summary>How far a point may lie from the nearest township's centre and still be taken as in the city.</summary>
    private const double MaxKmFromTownship = 30;

    public sealed record Outcome(TicketEvent? Event, IReadOnlyList<Rejection> Errors, string? Scrubbed);

    /// <param name="field">The form's value of a field (null when absent or blank).</param>
    public static Outcome Build(Func<string, string?> field, Open311Catalogue catalogue, DateTime now, byte[] salt,
        string ticketId)
    {
        var errors = new List<Rejection>();
        void Missing(string what) => errors.Add(new Rejection(Rejection.MissingField, what));
        void Invalid(string what) => errors.Add(new Rejection(Rejection.InvalidField, what));

        var code = field("service_code");
        var category = code is null ? null : catalogue.Find(code);
        if (code is null) Missing("service_code is required (GET services.json lists them)");
        else if (category is null)
            errors.Add(new Rejection(Rejection.UnknownReference, $"service_code '{Clip(code)}' is not a service here"));

        var description = field("description");
        if (description is null) Missing("description is required: what the caller asks, in their words");
        else if (description.Length > MaxDescription) Invalid($"description may be at most {MaxDescription} characters");

        double? lat = null, lon = null;
        var latText = field("lat");
        var lonText = field("long");
        if (latText is not null || lonText is not null)
        {
            if (!double.TryParse(latText, NumberStyles.Float, CultureInfo.InvariantCulture, out var la)
                || !double.TryParse(lonText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
                || la is < -90 or > 90 || lo is < -180 or > 180)
                Invalid("lat and long must both be given as WGS84 decimal degrees");
            else (lat, lon) = (la, lo);
        }
        var address = field("address_string");
        var addressId = field("address_id");
        if (latText is null && lonText is null && address is null && addressId is null)
            Missing("a location is required: lat and long, address_string or address_id");
        if (address is { Length: > 500 }) Invalid("address_string may be at most 500 characters");

        var (district, township) = Place(field, catalogue, lat, lon, address, errors);
        var requestType = field("attribute[request_type]");
        if (requestType is not null && Open311Catalogue.RequestTypes.All(t => t.Key != requestType))
            Invalid("attribute[request_type] must be one of "
                + string.Join(", ", Open311Catalogue.RequestTypes.Select(t => t.Key)));
        var title = field("attribute[title]");
        if (title is { Length: > 100 }) Invalid("attribute[title] may be at most 100 characters");
        var confidential = field("attribute[confidential]");
        if (confidential is not (null or "true" or "false")) Invalid("attribute[confidential] must be true or false");

        var scrubbed = Scrubbed(field);
        if (errors.Count > 0) return new Outcome(null, errors, scrubbed);

        // Who asked, as a keyed hash only: the phone first (the hotline's own notion of a caller), else what the
        // client knows the person by.
        var who = field("phone") ?? field("email") ?? field("account_id") ?? field("device_id");
        var e = new TicketEvent
        {
            EventId = ticketId + "-created", Type = EventTypes.Created, TicketId = ticketId, OccurredAt = now, Seq = 0,
            ReceivedAt = now, Channel = "app", RequestType = requestType ?? catalogue.UsualType(code!),
            Title = title, Content = description!,
            CallerId = who is null ? "O-" + ticketId : "O" + Keyed(salt, who), CallerPhone = field("phone"),
            District = district, Township = township, Address = address, Lat = lat, Lon = lon,
            Confidential = confidential == "true", Category = code,
        };
        return new Outcome(e, [], scrubbed);
    }

    /// <summary>
    /// The county and township: as the client chose them, else the township nearest the point, else the places
    /// the address names.
    /// </summary>
    private static (string? District, string? Township) Place(Func<string, string?> field, Open311Catalogue catalogue,
        double? lat, double? lon, string? address, List<Rejection> errors)
    {
        var areas = catalogue.Areas;
        string? ParentOf(string code) => areas.GetValueOrDefault(code)?.ParentCode;
        var district = field("attribute[district]");
        var township = field("attribute[township]");
        if (district is not null && areas.GetValueOrDefault(district)?.Level != "county")
        {
            errors.Add(new Rejection(Rejection.UnknownReference,
                $"attribute[district] '{Clip(district)}' is not one of this city's counties"));
            district = null;
        }
        if (township is not null && areas.GetValueOrDefault(township)?.Level != "township")
        {
            errors.Add(new Rejection(Rejection.UnknownReference,
                $"attribute[township] '{Clip(township)}' is not one of this city's townships"));
            township = null;
        }
        if (township is not null) return (district ?? ParentOf(township), township);
        if (district is not null) return (district, null);
        if (lat is { } la && lon is { } lo)
        {
            var near = catalogue.Townships.Where(a => a.Lat != 0 || a.Lon != 0)
                .Select(a => (Area: a, Km: Km(la, lo, a.Lat, a.Lon))).OrderBy(p => p.Km).FirstOrDefault();
            if (near.Area is not null && near.Km <= MaxKmFromTownship) return (near.Area.ParentCode, near.Area.Code);
            if (near.Area is not null)
            {
                errors.Add(new Rejection(Rejection.InvalidField,
                    $"the point lies outside {catalogue.CityName} (nearest township {near.Km:0} km away)"));
                return (null, null);
            }
        }
        if (address is not null
            && catalogue.Places.InName(address) is { } named
            && areas.TryGetValue(named, out var a2))
            return a2.Level switch
            {
                "township" => (a2.ParentCode, a2.Code),
                "county" => (a2.Code, null),
                _ => (null, null),
            };
        return (null, null);
    }

    /// <summary>Distance in km on a sphere (equirectangular: ample within a city).</summary>
    private static double Km(double lat1, double lon1, double lat2, double lon2)
    {
        var x = (lon2 - lon1) * Math.Cos((lat1 + lat2) / 2 * Math.PI / 180);
        var y = lat2 - lat1;
        return Math.Sqrt(x * x + y * y) * 111.2;
    }

    private static string Keyed(byte[] salt, string who) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(who.Trim().ToLowerInvariant())))
            [..20];

    /// <summary>
    /// What a dead letter keeps of a refused form: the request's own fields, masked; nothing that names the person.
    /// </summary>
    private static string Scrubbed(Func<string, string?> field)
    {
        var kept = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in (string[])["service_code", "lat", "long", "address_id", "attribute[request_type]",
                     "attribute[district]", "attribute[township]", "attribute[confidential]"])
            if (field(name) is { } v) kept[name] = Clip(v, 200);
        foreach (var name in (string[])["description", "address_string", "attribute[title]"])
            if (field(name) is { } v) kept[name] = TextMasker.Mask(Clip(v, 4000));
        return JsonSerializer.Serialize(kept, ApiJson.Options);
    }

    private static string Clip(string s, int max = 40) => s.Length <= max ? s : s[..max] + "…";
}

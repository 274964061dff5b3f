using Hotline.Models.CityRouting;
using Hotline.Models.Routing;

namespace Hotline.Server.Api;

/// <summary>One candidate unit of an imported city's router, by id and name.</summary>
public sealed record CityRouteUnit(string UnitId, string? Name, double Confidence);

/// <summary>POST /v1/route on a warehouse that holds an imported city: its own router's ranked units.</summary>
/// <param name="Abstain">The router is not sure enough: a dispatcher decides (请人工确认).</param>
/// <param name="Places">The divisions the text names, by name: part of the reasons.</param>
public sealed record CityRouteResponse(string ModelVersion, string City, IReadOnlyList<CityRouteUnit> Units,
    bool Abstain, IReadOnlyList<string> Places, string Card);

/// <summary>
/// The router of an imported city (trained by `hotline train` on the city's own history), loaded at start; null when
/// the warehouse holds the built-in city or no router has been trained yet.
/// </summary>
public sealed record CityRouterHolder(CityRouter? Router, string Version);

/// <summary>
/// Routing for an imported city: the same body as the built-in city's POST /v1/route (content, title, district), the
/// district checked against the city's own divisions, the answer its router's candidates with names, the places it
/// read in the text and a Chinese card.
/// </summary>
internal static class CityRouteEndpoint
{
    public static IResult Handle(RouteBody body, CityRouterHolder holder, WarehouseDb db, DateTime now)
    {
        if (holder.Router is not { } router)
            return Problems.Of(503, "no routing model yet", "this warehouse holds an imported city without a trained "
                + "router: stop the server, run `hotline train --db <file>`, start it again");
        var r = router.Route(new RoutingExample
        {
            TicketId = "", ReceivedAt = body.ReceivedAt ?? now, Content = body.Content, Title = body.Title ?? "",
            District = body.District,
        });
        var names = db.Reference.Units.ToDictionary(u => u.UnitId, u => u.Name);
        var places = db.Reference.Areas.ToDictionary(a => a.Code, a => a.Name);
        var units = r.Units.Select(u => new CityRouteUnit(u.Label, names.GetValueOrDefault(u.Label),
            Math.Round(u.Probability, 3))).ToList();
        var placeNames = r.Places.Select(p => places.GetValueOrDefault(p, p)).ToList();
        var card = (r.Abstain ? "请人工确认（把握不足），候选承办单位：" : "建议承办单位：")
            + string.Join("、", units.Select(u => $"{u.Name ?? u.UnitId}（{u.Confidence:P0}）"))
            + (placeNames.Count > 0 ? $"；依据：诉求提到{string.Join("、", placeNames)}" : "");
        return Results.Json(new CityRouteResponse(holder.Version, db.City?.Name ?? "", units, r.Abstain, placeNames,
            card), ApiJson.Options);
    }
}

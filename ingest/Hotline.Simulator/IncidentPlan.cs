namespace Hotline.Simulator;

/// <summary>One injected incident or decoy: ground truth for detector evaluation (incidents.csv).</summary>
public sealed class Incident
{
    public required string Id { get; init; }
    public required string Kind { get; init; }          // incident | decoy
    public required string Type { get; init; }
    public required string[] Categories { get; init; }
    public required Area County { get; init; }
    public Area? Township { get; init; }                // null when district-wide or city-wide
    public required string PlaceName { get; init; }
    public required Slots Slots { get; init; }
    public required List<DateTime> TicketTimes { get; init; }
    public bool CityWide { get; init; }
    public List<SimTicket> Tickets { get; } = [];
    public DateTime Start => TicketTimes[0];
    public DateTime End => TicketTimes[^1];
}

/// <summary>
/// Plans incidents and decoys for the whole period up front (from its own seeded stream), so each day's
/// generator knows which incident tickets fall on its day. Types and sizes follow the examples: a gas
/// smell in one compound, a water-main burst, food poisoning after a meal, street flooding in the rainy
/// season, a wage-arrears group at one site, fever at one school, an area power cut; decoys are announced
/// water cuts and the November heating start.
/// </summary>
public sealed class IncidentPlan
{
    private sealed record Kind(string Type, string[] Categories, int Min, int Max, double Hours, string Scope,
        double Weight);

    private static readonly Kind[] IncidentKinds =
    [
        new("gas_leak", ["PU.GAS.SMELL"], 8, 30, 3, "compound", 1.2),
        new("water_main_burst", ["PU.WATER.BURST", "PU.WATER.OUTAGE"], 30, 110, 6, "county", 1.0),
        new("food_poisoning", ["MK.FOOD.POISON"], 5, 20, 16, "shop", 0.8),
        new("street_flooding", ["CM.MUNI.FLOOD", "UC.PROP.LEAK"], 20, 80, 5, "county", 0.9),
        new("wage_group", ["LS.WAGE.SITE"], 6, 15, 40, "site", 1.0),
        new("school_fever", ["ED.SCH.HEALTH"], 5, 15, 30, "school", 0.6),
        new("power_outage", ["PU.POWER.OUTAGE"], 20, 60, 3, "township", 0.8),
    ];

    public List<Incident> Incidents { get; } = [];
    private readonly Dictionary<DateOnly, List<(Incident Incident, DateTime Time)>> _byDay = [];

    public IEnumerable<(Incident Incident, DateTime Time)> On(DateOnly day) =>
        _byDay.TryGetValue(day, out var l) ? l : [];

    public IncidentPlan(SimulatorOptions o, PlaceModel places, ReferenceData reference)
    {
        var known = reference.Categories.Select(c => c.Code).ToHashSet();
        foreach (var k in IncidentKinds)
            foreach (var c in k.Categories)
                if (!known.Contains(c)) throw new InvalidOperationException($"incident type {k.Type} "
                    + $"needs category {c}, " + "missing from categories.csv");

        var rng = new SimRandom(SimRandom.Derive(o.Seed, "incidents"));
        var count = rng.Poisson(o.IncidentsPerMonth * o.Days / 30.0);
        var weights = SimRandom.Cumulative(IncidentKinds.Select(k => k.Weight));
        var n = 0;
        for (var i = 0; i < count; i++)
        {
            var start = o.StartTime.AddMinutes(rng.Int(o.Days * 1440));
            var kind = IncidentKinds[rng.Weighted(weights)];
            // Street flooding only happens in the rainy season; out of season it becomes another type.
            while (kind.Type == "street_flooding"
                && start.Month is < 6 or > 9) kind = IncidentKinds[rng.Weighted(weights)];
            if (kind.Hours < 12 && start.Hour is < 7 or > 21) start = start.Date.AddHours(rng.Int(7, 20))
                .AddMinutes(rng.Int(60));
            Add(Make($"INC-{++n:D4}", "incident", kind.Type, kind.Categories, kind.Scope, start,
                rng.Int(kind.Min, kind.Max + 1), kind.Hours, places, rng), o);
        }
        var decoys = rng.Poisson(o.DecoysPerMonth * o.Days / 30.0);
        for (var i = 0; i < decoys; i++)
        {
            var start = o.StartTime.AddMinutes(rng.Int(o.Days * 1440));
            start = start.Date.AddHours(rng.Int(7, 11));
            Add(Make($"DEC-{i + 1:D4}", "decoy", "planned_water_cut", ["PU.WATER.PLAN"], "county", start,
                rng.Int(20, 60), 14, places, rng), o);
        }
        // The heating season starts on 15 November: complaints about cold radiators surge city-wide every year.
        var d = 0;
        for (var day = o.Start; day < o.Start.AddDays(o.Days); day = day.AddDays(1))
        {
            if (day.Month != 11 || day.Day != 15) continue;
            var volume = Math.Max(20, (int)(o.TicketsPerDay * 0.25));
            Add(Make($"DEC-H{++d:D3}", "decoy", "heating_start", ["PU.HEAT.COLD"], "city",
                day.ToDateTime(new TimeOnly(8, 0)), volume, 24 * 6, places, rng), o);
        }
    }

    private void Add(Incident inc, SimulatorOptions o)
    {
        inc.TicketTimes.RemoveAll(t => t >= o.EndTime);
        if (inc.TicketTimes.Count == 0) return;
        Incidents.Add(inc);
        foreach (var t in inc.TicketTimes)
        {
            var day = DateOnly.FromDateTime(t);
            if (!_byDay.TryGetValue(day, out var list)) _byDay[day] = list = [];
            list.Add((inc, t));
        }
    }

    private static Incident Make(string id, string kind, string type, string[] categories, string scope,
        DateTime start, int tickets, double hours,
        PlaceModel places, SimRandom rng)
    {
        var anchor = places.Draw(rng);
        var slots = new Slots();
        var placeName = anchor.Township.Name + anchor.Compound;
        switch (scope)
        {
            case "compound": slots.Set("compound", anchor.Compound); break;
            case "shop":
                var shop = places.Pool("shop_prefix", rng, "老王") + places.Pool("shop_suffix", rng, "饭店");
                slots.Set("shop", shop); placeName = anchor.Township.Name + shop; break;
            case "site":
                var site = anchor.Compound + places.Pool("site_suffix", rng, "项目工地");
                slots.Set("site", site); placeName = anchor.Township.Name + site; break;
            case "school":
                var school = places.Pool("school", rng, "临沂第一实验小学");
                slots.Set("school", school); placeName = anchor.Township.Name + school; break;
            case "township": placeName = anchor.Township.Name; break;
            case "county": placeName = anchor.County.Name; break;
            case "city": placeName = "全市"; break;
        }
        // Arrivals are front-loaded: most calls come soon after people notice.
        var times = Enumerable.Range(0, tickets)
            .Select(_ => start.AddMinutes(hours * 60 * Math.Pow(rng.Next(), 1.6)))
            .Order().ToList();
        times[0] = start;
        return new Incident
        {
            Id = id, Kind = kind, Type = type, Categories = categories, County = anchor.County,
            Township = scope is "county" or "city" ? null : anchor.Township, PlaceName = placeName, Slots = slots,
            TicketTimes = times, CityWide = scope == "city",
        };
    }
}

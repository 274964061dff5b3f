namespace Hotline.Cli.Commands;

/// <summary>`hotline route`: one routing suggestion for one ticket text, from the promoted model.</summary>
public static class RouteCommand
{
    public static Command Build()
    {
        var db = Cli.DbOption();
        var district = Cli.Opt<string?>("--district", "county-level area code, e.g. 371302 (兰山区)");
        var township = Cli.Opt<string?>("--township", "township/street code");
        var title = Cli.Opt<string?>("--title", "ticket title");
        var json = Cli.Opt<bool>("--json", "machine-readable output");
        var text = new Argument<string>("text") { Description = "the ticket's content, in the caller's words" };
        var cmd = new Command("route",
            "Suggest category, handling unit(s), deadline and disposition for a ticket.") { db, district, township,
            title, json, text };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var content = p.GetValue(text)!;
            if (string.IsNullOrWhiteSpace(content)) throw new ArgumentException("ticket text is empty");
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            if (warehouse.City is not null)
                return CityRoute(warehouse, content, p.GetValue(title) ?? "", p.GetValue(district), p.GetValue(json));
            var registry = new ModelRegistry(warehouse);
            var run = registry.CurrentPromoted(ModelRegistry.Routing)
                ?? throw new FileNotFoundException("no trained routing model: run `hotline train` first");
            var model = RoutingModel.Load(registry.VersionDir(run));
            var s = model.Suggest(new RouteRequest
            {
                Content = content, Title = p.GetValue(title) ?? "", District = p.GetValue(district),
                Township = p.GetValue(township),
                ReceivedAt = ChinaClock.System.Now,
            });
            if (p.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(s, Json.Options));
            else Print(s);
            return 0;
        }));
        return cmd;
    }

    /// <summary>An imported city: its own router's ranked units, with names and confidence.</summary>
    private static int CityRoute(WarehouseDb warehouse, string content, string title, string? district, bool json)
    {
        var router = Hotline.Models.CityRouting.CityModelStore.Load(warehouse)
            ?? throw new FileNotFoundException("no trained router for this city: run `hotline train` first");
        var r = router.Route(new RoutingExample
        {
            TicketId = "", ReceivedAt = ChinaClock.System.Now, Content = content, Title = title, District = district,
        });
        var names = warehouse.Reference.Units.ToDictionary(u => u.UnitId, u => u.Name);
        var places = warehouse.Reference.Areas.ToDictionary(a => a.Code, a => a.Name);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                units = r.Units.Select(u => new
                {
                    unit_id = u.Label, name = names.GetValueOrDefault(u.Label),
                    confidence = Math.Round(u.Probability, 3)
                }),
                abstain = r.Abstain, places = r.Places,
            }, Json.Options));
            return 0;
        }
        Console.WriteLine(r.Abstain ? "请人工确认（把握不足），候选承办单位：" : "建议承办单位：");
        foreach (var u in r.Units)
            Console.WriteLine($"  {names.GetValueOrDefault(u.Label, u.Label)}（{u.Probability:P0}）");
        if (r.Places.Count > 0)
            Console.WriteLine($"  依据：诉求提到 {string.Join("、", r.Places.Select(p => places.GetValueOrDefault(p, p)))}");
        return 0;
    }

    /// <summary>The dispatcher's card (the same lines POST /v1/route returns as `card`).</summary>
    public static void Print(RouteSuggestion s)
    {
        // Plain lines: the console's word wrapping breaks long Chinese lines at odd places.
        for (var i = 0; i < s.Card.Count; i++) Console.WriteLine((i == 0 ? "" : "  ") + s.Card[i]);
    }
}

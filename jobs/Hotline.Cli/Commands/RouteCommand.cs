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

    /// <summary>The dispatcher's card (the same lines POST /v1/route returns as `card`).</summary>
    public static void Print(RouteSuggestion s)
    {
        // Plain lines: the console's word wrapping breaks long Chinese lines at odd places.
        for (var i = 0; i < s.Card.Count; i++) Console.WriteLine((i == 0 ? "" : "  ") + s.Card[i]);
    }
}

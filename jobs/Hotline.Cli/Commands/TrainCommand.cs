using Hotline.Models.Text;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline train`: fit the dispatch assistant on warehouse history, register it, promote it if not worse.
/// </summary>
public static class TrainCommand
{
    public static Command Build()
    {
        var db = Cli.DbOption();
        var trainer = Cli.Opt<string>("--trainer", $"{string.Join(", ", Trainers.Names)}", Trainers.Names[0]);
        var seed = Cli.Opt("--seed", "random seed (same seed, same result)", 7);
        var maxRows = Cli.Opt<int>("--max-train-rows", "most recent training tickets used", 120_000);
        var cmd = new Command("train",
            "Train the dispatch assistant (category, unit, deadline tier) on warehouse history "
                + "with a time-based split.")
            { db, trainer, seed, maxRows };
        cmd.SetAction(p => Cli.Run(() =>
        {
            using var warehouse = Cli.OpenExisting(p.GetValue(db)!);
            if (warehouse.City is { } city) return TrainCity(warehouse, city.Name, p.GetValue(seed));
            RoutingPromotion.TrainAndRegister(warehouse,
                new RoutingTrainOptions
                {
                    Trainer = p.GetValue(trainer)!, Seed = p.GetValue(seed),
                    MaxTrainRows = p.GetValue(maxRows)
                },
                Console.WriteLine);
            return 0;
        }));
        return cmd;
    }

    /// <summary>An imported city: fit its router on all of its history and keep it next to the warehouse.</summary>
    private static int TrainCity(WarehouseDb warehouse, string city, int seed)
    {
        var rows = RoutingData.Load(warehouse);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var router = Hotline.Models.CityRouting.CityRouter.Train(rows, warehouse.Reference, seed, Console.WriteLine);
        var version = Hotline.Models.CityRouting.CityModelStore.Save(warehouse, router, DateTime.UtcNow);
        Console.WriteLine($"{city}: router {version} trained on {rows.Count(x => x.LeadUnit is not null):N0} cases in "
            + $"{sw.Elapsed.TotalSeconds:0.0} s; its held-out figures: `hotline evaluate routing --db {warehouse.Path}`");
        return 0;
    }
}

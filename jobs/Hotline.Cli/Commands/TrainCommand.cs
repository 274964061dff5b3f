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
}

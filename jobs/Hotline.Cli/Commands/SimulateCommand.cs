using Hotline.Simulator;

namespace Hotline.Cli.Commands;

public static class SimulateCommand
{
    public static Command Build()
    {
        var start = Cli.Required<string>("--start", "first day, YYYY-MM-DD");
        var days = Cli.Required<int>("--days", "number of days");
        var perDay = Cli.Required<int>("--tickets-per-day", "average tickets per day");
        var seed = Cli.Opt<int>("--seed", "random seed; same arguments give byte-identical output", 7);
        var outFile = Cli.Opt<string?>("--out", "write JSON lines to this file");
        var kafka = Cli.Opt<string?>("--kafka", "produce to Kafka at these bootstrap servers");
        var topic = Cli.Opt<string>("--topic", "Kafka topic", KafkaIngestOptions.DefaultTopic);
        var truth = Cli.Opt<string?>("--truth",
            "write ground truth (incidents.csv, routing.csv, callers.csv) to this folder");
        var incidents = Cli.Opt<double>("--incidents-per-month", "injected incidents per 30 days", 4);
        var cmd = new Command("simulate",
            "Generate a realistic, seeded stream of 12345 ticket events for Linyi, with ground truth.")
        {
            start, days, perDay, seed, outFile, kafka, topic, truth, incidents,
        };
        cmd.SetAction(p => Cli.Run(() =>
        {
            if (!DateOnly.TryParseExact(p.GetValue(start), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var first))
                throw new ArgumentException($"--start '{p.GetValue(start)}' is not a date (YYYY-MM-DD)");
            var file = p.GetValue(outFile);
            var bootstrap = p.GetValue(kafka);
            if ((file is null) == (bootstrap is null)) throw new ArgumentException("give exactly one of --out "
                + "FILE or --kafka BOOTSTRAP");
            var options = new SimulatorOptions
            {
                Start = first, Days = p.GetValue(days), TicketsPerDay = p.GetValue(perDay), Seed = p.GetValue(seed),
                IncidentsPerMonth = p.GetValue(incidents),
            };
            var sim = new CitySimulator(options);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var recorder = p.GetValue(truth) is { } dir ? new TruthRecorder(dir) : null;
            if (file is not null)
            {
                using var sink = JsonlSink.Create(file);
                LiveStatus.Run("simulate", options.Days, progress =>
                    sim.Run(sink, recorder, progress, Cli.CancelOnSignal()));
            }
            else
            {
                KafkaPreflight.EnsureReachable(bootstrap!, TimeSpan.FromSeconds(5));
                using var sink = new KafkaSink(bootstrap!, p.GetValue(topic)!);
                LiveStatus.Run("simulate", options.Days, progress =>
                    sim.Run(sink, recorder, progress, Cli.CancelOnSignal()));
                sink.Flush();
            }
            var secs = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"{sim.TicketsEmitted:N0} tickets, {sim.EventsEmitted:N0} "
                + $"events, {sim.Incidents.Incidents.Count(i => i.Kind == "incident")} incidents, " +
                              $"{sim.Incidents.Incidents.Count(i => i.Kind == "decoy")} decoys "
                                  + $"in {secs:0.0} s ({sim.TicketsEmitted / Math.Max(secs, 1e-3):N0} tickets/s)");
            return 0;
        }));
        return cmd;
    }
}

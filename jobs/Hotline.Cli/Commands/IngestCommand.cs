namespace Hotline.Cli.Commands;

public static class IngestCommand
{
    public static Command Build()
    {
        var from = Cli.Opt<string?>("--from", "file to ingest (.jsonl, .csv or .parquet)");
        var kafka = Cli.Opt<string?>("--kafka", "Kafka bootstrap servers, e.g. localhost:9092");
        var topic = Cli.Opt<string>("--topic", "Kafka topic", KafkaIngestOptions.DefaultTopic);
        var group = Cli.Opt<string>("--group", "Kafka consumer group", "hotline-ingest");
        var db = Cli.DbOption();
        var idle = Cli.Opt<double?>("--until-idle", "stop after this many seconds without new messages (Kafka)");
        var batch = Cli.Opt<int>("--batch-size", "events per warehouse transaction", 20_000);
        var partitions = Cli.PartitionsOption();
        var groupMode = Cli.GroupModeOption();
        // DuckDB keeps up to 80 % of the machine's memory as cache by default; a one-shot load does not need it, and
        // a Beijing-sized load then peaked at 2.8 GB (1.5 GB with this limit, and no slower: docs/scaling.md).
        var memory = Cli.Opt<string>("--memory-limit", "DuckDB's memory limit for this load (e.g. 700MB, 4GB)",
            "700MB");
        var lake = LakeCommand.LakeOption();
        var cmd = new Command("ingest",
            "Load ticket events from a file or Kafka into the warehouse, exactly once; bad input goes to dead_letters.")
        {
            from, kafka, topic, group, db, idle, batch, partitions, groupMode, memory, lake,
        };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var file = p.GetValue(from);
            var bootstrap = p.GetValue(kafka);
            if ((file is null) == (bootstrap is null)) throw new ArgumentException("give exactly one of --from "
                + "FILE or --kafka BOOTSTRAP");
            if (p.GetValue(batch) is < 1 or > 1_000_000) throw new ArgumentException("--batch-size must be between "
                + "1 and 1,000,000");
            if (file is not null
                && !File.Exists(file)) throw new FileNotFoundException($"input file not found: {file}");
            var limit = p.GetValue(memory)!;
            if (!System.Text.RegularExpressions.Regex.IsMatch(limit, @"^\d+(\.\d+)?\s*(KB|MB|GB|TB)$",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase))
                throw new ArgumentException($"--memory-limit '{limit}' is not a size such as 700MB or 4GB");
            using var warehouse = Cli.Open(p.GetValue(db)!);
            // The codes of the city this warehouse holds (an imported city has its own units and areas).
            var parser = new EventParser(warehouse.Reference.Codes());
            var materializer = new TicketMaterializer(warehouse.Connection);
            IngestProgress progress;
            Sql.Execute(warehouse.Connection, $"SET memory_limit = '{limit}'");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            if (file is not null)
            {
                var ingestor = new FileIngestor(warehouse, parser, p.GetValue(batch));
                progress = ingestor.Progress;
                LiveStatus.Run($"ingest {Path.GetFileName(file)}", () => progress.ToString(), () =>
                    ingestor.Run(file, Cli.CancelOnSignal()));
                if (ingestor.Skipped > 0) Console.WriteLine($"{ingestor.Skipped:N0} records were already ingested "
                    + "from this file earlier and were skipped");
            }
            else
            {
                var ingestor = new KafkaIngestor(warehouse, new KafkaIngestOptions
                {
                    Bootstrap = bootstrap!, Topic = p.GetValue(topic)!, Group = p.GetValue(group)!,
                    Partitions = Cli.ParsePartitions(p.GetValue(partitions)), GroupMode = p.GetValue(groupMode),
                    InstanceId = KafkaIngestOptions.InstanceFor(p.GetValue(group)!, p.GetValue(db)!),
                    BatchSize = p.GetValue(batch),
                    UntilIdle = p.GetValue(idle) is { } s ? TimeSpan.FromSeconds(s) : null,
                }, parser, msg => Console.Error.WriteLine(msg))
                { OnIdle = () => materializer.Run() };
                progress = ingestor.Progress;
                LiveStatus.Run($"ingest {p.GetValue(topic)}", () => progress.ToString(), () =>
                    ingestor.Run(Cli.CancelOnSignal()));
            }
            var read = clock.Elapsed;
            var rebuilt = materializer.Run();
            Console.WriteLine($"{progress} in {Cli.Duration(read)}; {rebuilt:N0} tickets updated in "
                + $"{Cli.Duration(clock.Elapsed - read)}");
            if (RoutingPromotion.SuggestNewTickets(warehouse) is { } suggested)
                Console.WriteLine($"{suggested.Written:N0} new tickets got routing suggestions from "
                    + $"model {suggested.Version} (see `hotline stats`)");
            if (p.GetValue(lake) is { } lakeDir)
                Console.WriteLine(LakeCommand.Describe(Jobs.Lake.LakeWriter.Export(warehouse.Connection, lakeDir)));
            return 0;
        }));
        return cmd;
    }
}

namespace Hotline.Cli.Commands;

public static class ServeCommand
{
    public static Command Build()
    {
        var db = Cli.DbOption();
        var listen = Cli.Opt<string>("--listen", "HTTP address", "http://127.0.0.1:8080");
        var kafka = Cli.Opt<string?>("--kafka",
            "Kafka bootstrap servers to ingest from, or 'embedded' for an in-process mock cluster");
        var topic = Cli.Opt<string>("--topic", "Kafka topic", Ingest.Sources.KafkaIngestOptions.DefaultTopic);
        var group = Cli.Opt<string>("--group", "Kafka consumer group", "hotline-serve");
        var partitions = Cli.PartitionsOption();
        var groupMode = Cli.GroupModeOption();
        var webhook = Cli.Opt<string?>("--alert-webhook", "POST alert changes to this URL (retries with backoff)");
        var reports = Cli.Opt<string>("--reports",
            "folder for scheduled reports (<folder>/<job>/<period>/); 'none' disables the scheduler", "data/reports");
        var dataClock = Cli.Opt<bool>("--data-clock",
            "early-warning scans use the latest ticket time as 'now' (replaying a past stream)");
        var lake = LakeCommand.LakeOption();
        var standby = Cli.Opt<bool>("--standby",
            "stand by while another `hotline serve` holds the warehouse, and take over the moment it stops");
        var cmd = new Command("serve",
            "Run the centre's server: Kafka ingest, streaming routing suggestions, early-warning "
                + "scans every 10 minutes, scheduled reports (`hotline jobs list`) and the HTTP API "
                + "behind API keys (`hotline keys`): POST /v1/route, GET /v1/units/{id}/tickets, "
                + "/v1/alerts, /v1/briefs/{period}, /v1/disclosure/{month}, /v1/keys; Open311 GeoReport v2 "
                + "under /open311/v2 (services, submit, status); every request audited; OpenAPI at "
                + "/openapi/v1.json.")
        {
            db, listen, kafka, topic, group, partitions, groupMode, webhook, dataClock, reports, lake,
            standby,
        };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var cancel = Cli.CancelOnSignal();
            var options = new ServerOptions
            {
                DbPath = p.GetValue(db)!, Listen = p.GetValue(listen)!,
                Kafka = p.GetValue(kafka), Topic = p.GetValue(topic)!, Group = p.GetValue(group)!,
                Partitions = Cli.ParsePartitions(p.GetValue(partitions)), GroupMode = p.GetValue(groupMode),
                AlertWebhook = p.GetValue(webhook) is { } u ? new Uri(u) : null, DataClock = p.GetValue(dataClock),
                ReportsDir = p.GetValue(reports) is "none" ? null : p.GetValue(reports), LakeDir = p.GetValue(lake),
            };
            void Log(string line) => Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
            var host = p.GetValue(standby) ? StandBy(options, Log, cancel)
                : ServerHost.StartAsync(options, Log, cancel).GetAwaiter().GetResult();
            if (host is null) return 0; // stopped while standing by
            try
            {
                Log($"serving {Path.GetFullPath(options.DbPath)} at {host.Url} (OpenAPI: {host.Url}/openapi/v1.json)");
                Log(host.Serving.Current is { } m ? $"routing model {m.Run.Version}"
                    : "no routing model yet: POST /v1/route answers 503 until one is trained "
                        + "(stop, `hotline train`, restart)");
                if (host.KafkaBootstrap is not null) Log("ingesting Kafka "
                    + $"topic {options.Topic} from {host.KafkaBootstrap}");
                try { host.WaitForShutdownAsync(cancel).GetAwaiter().GetResult(); }
                catch (OperationCanceledException) { }
            }
            finally
            {
                host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            Log(host.ExitCode == 0 ? "stopped" : $"stopped: a stage gave up (exit code {host.ExitCode})");
            return host.ExitCode;
        }));
        return cmd;
    }

    /// <summary>
    /// High availability without a second copy of the data: the standby waits on the warehouse's own lock, which the
    /// operating system releases the moment the active server's process ends (a clean stop, a crash, kill -9), and
    /// then starts as the active one, resuming Kafka from the offsets committed in the warehouse with its data —
    /// so nothing accepted is lost or read twice. The two run on one machine, or on two sharing the volume.
    /// </summary>
    private static ServerHost? StandBy(ServerOptions options, Action<string> log, CancellationToken cancel)
    {
        var said = false;
        var since = DateTime.UtcNow;
        while (true)
        {
            try
            {
                var host = ServerHost.StartAsync(options, log, cancel).GetAwaiter().GetResult();
                if (said) log($"standby: took over {Path.GetFullPath(options.DbPath)} "
                    + $"{(DateTime.UtcNow - since).TotalSeconds:0.0} s after it was first found held");
                return host;
            }
            catch (WarehouseBusyException ex)
            {
                if (!said) log($"standby: {ex.WarehousePath} is held by another process ({ex.Holder}); "
                    + "taking over when it stops");
                said = true;
                if (cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(200))) return null;
            }
        }
    }
}

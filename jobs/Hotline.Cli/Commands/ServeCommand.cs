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
        var cmd = new Command("serve",
            "Run the centre's server: Kafka ingest, streaming routing suggestions, early-warning "
                + "scans every 10 minutes, scheduled reports (`hotline jobs list`) and the HTTP API "
                + "behind API keys (`hotline keys`): POST /v1/route, GET /v1/units/{id}/tickets, "
                + "/v1/alerts, /v1/briefs/{period}, /v1/disclosure/{month}, /v1/keys; Open311 GeoReport v2 "
                + "under /open311/v2 (services, submit, status); every request audited; OpenAPI at "
                + "/openapi/v1.json.")
        {
            db, listen, kafka, topic, group, partitions, groupMode, webhook, dataClock, reports, lake,
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
            var host = ServerHost.StartAsync(options, Log, cancel).GetAwaiter().GetResult();
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
}

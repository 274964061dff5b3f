using Hotline.Cli.Commands;

namespace Hotline.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Hotline.Analytics: ingest, analyse and warn on "
            + "12345 government service hotline tickets.")
        {
            DemoCommand.Build(),
            SimulateCommand.Build(),
            IngestCommand.Build(),
            ImportCommand.Build(),
            ExportPlatformCommand.Build(),
            StatsCommand.Build(),
            KafkaDevCommand.Build(),
            TrainCommand.Build(),
            RouteCommand.Build(),
            new Command("evaluate", "Measure models and detectors on held-out data.") { EvaluateRoutingCommand.Build(),
                EvaluateClassifierCommand.Build(), EvaluateDetectionCommand.Build(), KbCommand.Evaluate(),
                EvaluateRealismCommand.Build(), EvaluateNaturalCommand.Build() },
            KbCommand.Build(),
            AlertsCommand.Build(),
            CsvSplitCommand.Build(),
            ServeCommand.Build(),
            DetectCommand.Build(),
            HotspotsCommand.Build(),
            JobsCommand.Build(),
            LakeCommand.Build(),
            KeysCommand.Build(),
            PiiScanCommand.Build(),
            ChartsCheckCommand.Build(),
            BackupCommand.Backup(),
            BackupCommand.Restore(),
        };
        return root.Parse(args).Invoke();
    }
}

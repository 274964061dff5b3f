namespace Hotline.Cli.Commands;

public static class KafkaDevCommand
{
    public static Command Build()
    {
        var brokers = Cli.Opt<int>("--brokers", "number of mock brokers", 1);
        var cmd = new Command("kafka-dev",
            "Start a librdkafka mock Kafka cluster on loopback for demos and manual tests; "
                + "prints its bootstrap address and runs until Ctrl+C.")
        {
            brokers,
        };
        cmd.SetAction(p => Cli.Run(() =>
        {
            if (p.GetValue(brokers) is < 1 or > 9) throw new ArgumentException("--brokers must be between 1 and 9");
            using var cluster = new MockKafkaCluster(p.GetValue(brokers));
            Console.WriteLine(cluster.BootstrapServers);
            Console.Error.WriteLine("mock Kafka cluster running (keeps ~5 "
                + "MB per partition; consume while producing). Ctrl+C to stop.");
            Console.Out.Flush();
            var token = Cli.CancelOnSignal();
            token.WaitHandle.WaitOne();
            return 0;
        }));
        return cmd;
    }
}

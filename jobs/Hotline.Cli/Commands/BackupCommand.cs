using System.Net.Http.Headers;

namespace Hotline.Cli.Commands;

/// <summary>
/// `hotline backup` and `hotline restore`: a consistent snapshot of a warehouse with its models and Kafka offsets, and
/// its restore into a new file. While `hotline serve` holds the warehouse, the backup is taken by the server itself
/// (`--server URL --key KEY`, or POST /v1/backup with a centre key), since only the writing process may open it.
/// </summary>
public static class BackupCommand
{
    public static Command Backup()
    {
        var db = Cli.DbOption();
        var to = Cli.Opt<string?>("--to", "backup folder (default: backups/<name>-<time>/ next to the warehouse)");
        var server = Cli.Opt<string?>("--server",
            "ask this running `hotline serve` (e.g. http://127.0.0.1:8080) to take it");
        var key = Cli.Opt<string?>("--key", "a centre API key for --server");
        var cmd = new Command("backup",
            "Take a consistent backup of a warehouse (data, models, Kafka offsets), also while "
            + "`hotline serve` runs.") { db, to, server, key };
        cmd.SetAction(p => Cli.Run(() =>
        {
            if (p.GetValue(server) is { } url)
            {
                using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(30) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                    p.GetValue(key) ?? throw new ArgumentException("--server needs --key (a centre key)"));
                var res = http.PostAsync("/v1/backup", null).GetAwaiter().GetResult();
                var body = res.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                if (!res.IsSuccessStatusCode) throw new InvalidDataException("the server "
                    + $"refused: {(int)res.StatusCode} {body}");
                Console.WriteLine(body);
                return 0;
            }
            var path = p.GetValue(db)!;
            using var warehouse = Cli.OpenExisting(path);
            var now = ChinaClock.System.Now;
            var dir = p.GetValue(to) ?? WarehouseBackup.NewFolder(path, now);
            var m = WarehouseBackup.Create(warehouse.Connection, path, dir, now);
            Console.WriteLine($"backup of {path} in {dir}: {m.Rows.GetValueOrDefault("ticket_events"):N0} events, "
                + $"{m.Rows.GetValueOrDefault("tickets"):N0} tickets, {m.ModelVersions} model versions, "
                + $"{m.KafkaOffsets.Count} Kafka partitions' offsets");
            return 0;
        }));
        return cmd;
    }

    public static Command Restore()
    {
        var from = Cli.Required<string>("--from", "a backup folder (made by `hotline backup`)");
        var db = Cli.Required<string>("--db", "the new warehouse file to restore into (must not exist)");
        var cmd = new Command("restore",
            "Restore a backup into a new warehouse file; a Kafka ingest on it resumes from the "
            + "backup's offsets.") { from, db };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var m = WarehouseBackup.Restore(p.GetValue(from)!, p.GetValue(db)!);
            using (Cli.Open(p.GetValue(db)!)) { } // every stage's migrations and reference data up to date
            Console.WriteLine($"restored {p.GetValue(db)} from the backup of {m.CreatedAt:yyyy-MM-dd HH:mm:ss}: "
                + $"{m.Rows.GetValueOrDefault("ticket_events"):N0} events; Kafka ingest resumes "
                    + "from the backup's offsets");
            return 0;
        }));
        return cmd;
    }
}

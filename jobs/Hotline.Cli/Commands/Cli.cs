using Confluent.Kafka;
using Hotline.Ingest.Machine;

namespace Hotline.Cli.Commands;

/// <summary>
/// Shared options and the error policy: a user error is one line on stderr and a non-zero exit, never a stack trace.
/// </summary>
public static class Cli
{
    public const string DefaultDb = "data/hotline.duckdb";

    public static Option<string> DbOption() => Opt("--db", "warehouse file (DuckDB)", DefaultDb);

    /// <summary>An option with a description and a default: every command declares its options this way.</summary>
    public static Option<T> Opt<T>(string name, string description, T defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue };

    /// <summary>An option without a default (null or false when absent).</summary>
    public static Option<T> Opt<T>(string name, string description) => new(name) { Description = description };

    /// <summary>
    /// --partitions and --group-mode: how a Kafka ingest takes its partitions (see KafkaIngestOptions).
    /// </summary>
    public static Option<string?> PartitionsOption() => Opt<string?>("--partitions",
        "read only these partitions (comma-separated, e.g. 0,1), to split a topic between processes");

    public static Option<bool> GroupModeOption() => Opt<bool>("--group-mode",
        "share partitions dynamically with the consumer group (a standby in the same group takes over when this "
            + "process dies); default: read every partition directly and resume at once after a restart");

    public static IReadOnlyList<int>? ParsePartitions(string? text) => text is null ? null
        : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < 10_000 ? n
                : throw new ArgumentException($"--partitions: '{x}' is not a partition number"))
            .Distinct().Order().ToList();

    /// <summary>An option the command cannot run without.</summary>
    public static Option<T> Required<T>(string name, string description) =>
        new(name) { Description = description, Required = true };

    /// <summary>Opens (or creates) a warehouse with every stage's tables up to date.</summary>
    /// <summary>A duration as an operator reads it: "2 min 36 s", "9.9 s".</summary>
    public static string Duration(TimeSpan t) => t.TotalMinutes >= 1
        ? $"{(int)t.TotalMinutes} min {t.Seconds} s"
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.0} s");

    public static WarehouseDb Open(string path) => WarehouseDb.Open(path, ServerSchema.AllStages);

    /// <summary>
    /// Opens a warehouse that must already exist (commands that read history never create an empty one).
    /// </summary>
    public static WarehouseDb OpenExisting(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"warehouse not found: {path}");
        return Open(path);
    }

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ex is WarehouseBusyException ? 3 : 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("HOTLINE_DEBUG") is null)
        {
            Console.Error.WriteLine($"error: {ex.GetType().Name}: {ex.Message} (set HOTLINE_DEBUG=1 for details)");
            return 1;
        }
    }

    private static bool IsUserError(Exception ex) =>
        ex is FileNotFoundException or DirectoryNotFoundException or ArgumentException
        or NotSupportedException or WarehouseBusyException or KafkaIngestException or KafkaException
        or InvalidDataException
        or FormatException or UnauthorizedAccessException or MissingPrerequisiteException or WarehouseDamagedException
        or IOException;

    /// <summary>
    /// Ctrl+C and SIGTERM stop long commands cleanly (the current batch commits or rolls back whole).
    /// </summary>
    public static CancellationToken CancelOnSignal()
    {
        var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            cts.Cancel();
        });
        return cts.Token;
    }

    /// <summary>Progress bars only on an interactive terminal; scripts and CI get plain lines.</summary>
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
}

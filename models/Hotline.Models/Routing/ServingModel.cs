namespace Hotline.Models.Routing;

/// <summary>The routing model a server is answering with, and the registry run it came from.</summary>
public sealed record LoadedModel(RoutingModel Model, ModelRun Run);

/// <summary>
/// Holds the latest promoted routing model and swaps in a newer one when `hotline train` promotes it, without
/// a restart. Readers take <see cref="Current"/> once per request; the swap is a single reference write.
/// </summary>
public sealed class ServingModel(WarehouseDb db, DuckDBConnection connection)
{
    private volatile LoadedModel? _current;

    public LoadedModel? Current => _current;

    /// <summary>Why no model is served, when one is registered but cannot be loaded (its files are missing or
    /// damaged); null otherwise. Routing answers 503 with this until a model loads.</summary>
    public string? Problem { get; private set; }

    private int _failedRun;

    /// <summary>
    /// Loads the promoted model if it changed. Call from one thread (it uses that thread's connection). A model whose
    /// files cannot be read is not served and not retried until another run is promoted; the server goes on.
    /// </summary>
    public bool Refresh()
    {
        var registry = new ModelRegistry(db, connection);
        var run = registry.CurrentPromoted(ModelRegistry.Routing);
        if (run is null || _current?.Run.RunId == run.RunId || _failedRun == run.RunId) return false;
        try
        {
            _current = new LoadedModel(RoutingModel.Load(registry.VersionDir(run)), run);
            Problem = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException
            or FormatException or InvalidOperationException or JsonException)
        {
            _failedRun = run.RunId;
            Problem = $"model {run.Version} is registered but its files cannot be read ({ex.Message.Split('\n')[0]}): "
                + "retrain with `hotline train`";
            return false;
        }
    }
}

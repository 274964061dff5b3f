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

    /// <summary>
    /// Loads the promoted model if it changed. Call from one thread (it uses that thread's connection).
    /// </summary>
    public bool Refresh()
    {
        var registry = new ModelRegistry(db, connection);
        var run = registry.CurrentPromoted(ModelRegistry.Routing);
        if (run is null || _current?.Run.RunId == run.RunId) return false;
        _current = new LoadedModel(RoutingModel.Load(registry.VersionDir(run)), run);
        return true;
    }
}

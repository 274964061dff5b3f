namespace Hotline.Models.Routing;

/// <summary>
/// One training run. <see cref="TrainedTo"/> is the end of its training window: tickets from then on are unseen.
/// </summary>
public sealed record ModelRun(int RunId, string Model, string Version, double PrimaryMetric, bool Promoted,
    DateTime CreatedAt, string Metrics, string? Note,
    DateTime? TrainedTo = null);

/// <summary>
/// Versioned model files under &lt;warehouse dir&gt;/models/&lt;model&gt;/&lt;version&gt;/ and a model_runs row per
/// training run. Serving loads the latest promoted run. A new model is promoted only if it is at least as good
/// as the current one on the new test window (the current model is re-scored on that same window, so the
/// comparison is like for like).
/// </summary>
public sealed class ModelRegistry(WarehouseDb db, DuckDBConnection? connection = null)
{
    /// <summary>The registry name of the dispatch assistant.</summary>
    public const string Routing = "routing";

    /// <summary>
    /// The connection this registry reads with (a worker thread passes its own; DuckDB connections are not
    /// thread-safe).
    /// </summary>
    private DuckDBConnection Conn => connection ?? db.Connection;

    public string Root => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(db.Path))!, "models");

    public string NewVersionDir(string model, DateTime now) => Path.Combine(Root, model, $"v{now:yyyyMMdd-HHmmss}");

    public ModelRun? CurrentPromoted(string model)
    {
        using var cmd = Conn.CreateCommand();
        cmd.CommandText = """
            SELECT run_id, model, version, primary_metric, promoted, created_at, CAST(metrics AS VARCHAR), note,
                trained_to
            FROM model_runs WHERE model = $m AND promoted ORDER BY run_id DESC LIMIT 1
            """;
        cmd.Parameters.Add(new DuckDBParameter("m", model));
        using var r = cmd.ExecuteReader();
        return r.Read()
            ? new ModelRun(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetDouble(3), r.GetBoolean(4),
            r.GetDateTime(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
            r.IsDBNull(8) ? null : r.GetDateTime(8)) : null;
    }

    public string VersionDir(ModelRun run) => Path.Combine(Root, run.Model, run.Version);

    public int Record(string model, string version, RoutingTrainResult result, object metricsJson, bool promoted,
        string? note, DateTime now)
    {
        using var tx = db.Connection.BeginTransaction();
        var id = Sql.Scalar<int>(db.Connection, "SELECT CAST(coalesce(max(run_id), 0) + 1 AS INTEGER) FROM model_runs");
        Sql.Execute(db.Connection, """
            INSERT INTO model_runs VALUES ($id, $model, $version, $from, $to, $vto, $tto, $ntr, $nva, $nte, $trainer,
                $metrics, $primary, $promoted, $note, $now)
            """,
            ("id", id), ("model", model), ("version", version), ("from", result.Split.TrainFrom),
                ("to", result.Split.TrainTo),
            ("vto", result.Split.ValidationTo), ("tto", result.Split.TestTo), ("ntr", (long)result.Split.Train.Count),
            ("nva", (long)result.Split.Validation.Count), ("nte", (long)result.Split.Test.Count),
                ("trainer", result.Trainer),
            ("metrics", JsonSerializer.Serialize(metricsJson)), ("primary", result.Test.UnitTop1),
                ("promoted", promoted), ("note", note), ("now", now));
        tx.Commit();
        return id;
    }
}

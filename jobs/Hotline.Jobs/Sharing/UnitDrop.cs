using Hotline.Jobs.Scheduling;

namespace Hotline.Jobs.Sharing;

/// <summary>
/// The daily push to handling units: one Parquet file per unit, <c>&lt;unit_id&gt;.parquet</c>, holding the unit's
/// tickets
/// that changed that day (new dispatches, replies, callback results), scoped exactly like the API
/// (<see cref="UnitTickets"/>: own tickets, never confidential ones, text masked), plus a manifest of row counts.
///
/// Why a drop folder and not a Kafka topic per unit: the units are government offices, most without a Kafka client
/// or anyone to run one; a topic per unit also needs per-topic ACLs on the cluster (hundreds of principals) and
/// retention long enough for a unit that polls weekly. A daily Parquet file opens in DuckDB, pandas or Excel's
/// Power Query, can be synced per unit by file name (SFTP/rsync, one folder permission per unit) and is rewritten
/// whole if the day is re-run (job_runs makes the job idempotent per day). Units that need changes within the day
/// poll the API with <c>since</c>.
/// </summary>
public static class UnitDrop
{
    public sealed record Manifest(string Day, DateTime From, DateTime To, IReadOnlyDictionary<string, int> Units);

    public static Manifest Write(DuckDBConnection conn, DateTime from, DateTime to, OutputFolder folder, string day)
    {
        var rows = UnitTickets.ChangedBetween(conn, from, to);
        using (var create = conn.CreateCommand())
        {
            create.CommandText = """
                CREATE OR REPLACE TEMP TABLE unit_drop (unit_id VARCHAR, ticket_id VARCHAR, unit_role VARCHAR,
                    received_at TIMESTAMP, channel VARCHAR,
                    request_type VARCHAR, category VARCHAR, district VARCHAR, township VARCHAR, title VARCHAR,
                        content VARCHAR, status VARCHAR,
                    deadline_tier VARCHAR, due_at TIMESTAMP, overdue BOOLEAN, first_signed_at TIMESTAMP,
                        first_replied_at TIMESTAMP,
                    closed_at TIMESTAMP, return_count BIGINT, reopen_count BIGINT, last_outcome VARCHAR,
                        satisfaction VARCHAR, resolved BOOLEAN,
                    last_event_at TIMESTAMP)
                """;
            create.ExecuteNonQuery();
        }
        using (var app = conn.CreateAppender("unit_drop"))
            foreach (var (unit, t) in rows)
                app.CreateRow().AppendValue(unit).AppendValue(t.TicketId).AppendValue(t.UnitRole)
                    .AppendValue(t.ReceivedAt).AppendValue(t.Channel)
                    .AppendValue(t.RequestType).AppendValue(t.Category).AppendValue(t.District).AppendValue(t.Township)
                        .AppendValue(t.Title)
                    .AppendValue(t.Content).AppendValue(t.Status).AppendValue(t.DeadlineTier).AppendValue(t.DueAt)
                        .AppendValue(t.Overdue)
                    .AppendValue(t.FirstSignedAt).AppendValue(t.FirstRepliedAt).AppendValue(t.ClosedAt)
                        .AppendValue(t.ReturnCount)
                    .AppendValue(t.ReopenCount).AppendValue(t.LastOutcome).AppendValue(t.Satisfaction)
                        .AppendValue(t.Resolved)
                    .AppendValue(t.LastEventAt).EndRow();
        var counts = rows.GroupBy(r => r.UnitId).ToDictionary(g => g.Key, g => g.Count());
        foreach (var unit in counts.Keys.Order(StringComparer.Ordinal))
        {
            // unit ids come from our directory; OutputFolder refuses anything path-like
            var path = folder.File(unit + ".parquet");
            using var copy = conn.CreateCommand();
            copy.CommandText = "COPY (SELECT * EXCLUDE (unit_id) FROM unit_drop WHERE unit_id = $u ORDER BY "
                + "last_event_at, ticket_id) " +
                               $"TO '{path.Replace("'", "''")}' (FORMAT parquet, COMPRESSION zstd)";
            copy.Parameters.Add(new DuckDBParameter("u", unit));
            copy.ExecuteNonQuery();
        }
        using (var drop = conn.CreateCommand())
        {
            drop.CommandText = "DROP TABLE unit_drop";
            drop.ExecuteNonQuery();
        }
        var manifest = new Manifest(day, from, to, counts);
        folder.Write("manifest.json", JsonSerializer.Serialize(manifest, ReportJobs.Json));
        return manifest;
    }
}

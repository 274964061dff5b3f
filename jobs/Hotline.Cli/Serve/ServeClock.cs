using DuckDB.NET.Data;
using Hotline.Ingest.Contract;

namespace Hotline.Cli.Serve;

/// <summary>
/// "Now" for the server's periodic work: China wall time, or with <see cref="ServeOptions.DataClock"/> the latest
/// ticket received (replaying a simulated past through the server). Null when the data clock has no tickets yet.
/// </summary>
public static class ServeClock
{
    public static DateTime? Now(DuckDBConnection conn, ServeOptions options)
    {
        if (!options.DataClock) return EventJson.ChinaNow;
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT max(received_at) FROM ticket_events WHERE type = 'created'";
        return cmd.ExecuteScalar() as DateTime?;
    }
}

namespace Hotline.Server.Workers;

/// <summary>
/// The clock of `hotline serve --data-clock`: "now" is the latest ticket received, for replaying a simulated past
/// through the server (scans and the scheduler then see the stream's time, not the wall clock). Before any ticket
/// has arrived it reads <see cref="DateTimeOffset.MinValue"/>, which the workers treat as "nothing to do yet".
/// </summary>
public sealed class DataClock(WarehouseDb db) : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        using var conn = db.Connect();
        return WarehouseQueries.LatestReceipt(conn) is { } at
            ? new DateTimeOffset(at, ChinaClock.Offset).ToUniversalTime()
            : DateTimeOffset.MinValue;
    }

    /// <summary>Now by <paramref name="clock"/>, or null when a data clock has no tickets yet.</summary>
    public static DateTime? Now(ChinaClock clock)
    {
        var now = clock.Provider.GetUtcNow();
        return now == DateTimeOffset.MinValue ? null : ChinaClock.ToChina(now);
    }
}

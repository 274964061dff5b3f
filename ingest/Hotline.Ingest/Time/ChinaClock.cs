namespace Hotline.Ingest.Time;

/// <summary>
/// China wall time (Asia/Shanghai: UTC+08:00, no daylight saving), the clock every timestamp in the warehouse uses,
/// on top of a <see cref="TimeProvider"/>: the system clock in production, a fake one in tests, and the data clock of
/// `hotline serve --data-clock` (the latest ticket received) when a simulated past is replayed. Components take a
/// clock instead of reading the system time, so all three inject time the same way.
/// </summary>
public sealed class ChinaClock(TimeProvider provider)
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The system clock.</summary>
    public static ChinaClock System { get; } = new(TimeProvider.System);

    public TimeProvider Provider { get; } = provider;

    /// <summary>Now as China local wall time (DateTimeKind.Unspecified, as stored in TIMESTAMP columns).</summary>
    public DateTime Now => Provider.GetUtcNow().ToOffset(Offset).DateTime;

    /// <summary>
    /// <see cref="Now"/> to within a tenth of a second, without reading the clock: for checks made per event (is this
    /// time in the future?). Reading the system clock costs microseconds on virtual machines whose clock source is not
    /// the CPU's counter, which made it a third of all event validation; the system clock is read here by a timer.
    /// A clock other than the system's is read as it is.
    /// </summary>
    public DateTime Roughly => ReferenceEquals(Provider, TimeProvider.System)
        ? new DateTime(Volatile.Read(ref _coarseUtcTicks) + Offset.Ticks) : Now;

    private static long _coarseUtcTicks = DateTime.UtcNow.Ticks;
    private static readonly Timer CoarseTick = new(_ => Volatile.Write(ref _coarseUtcTicks, DateTime.UtcNow.Ticks),
        null, 100, 100);

    /// <summary>An instant given with any offset, as China local wall time.</summary>
    public static DateTime ToChina(DateTimeOffset at) => at.ToOffset(Offset).DateTime;

    /// <summary>A clock that always reads <paramref name="chinaLocal"/> (tests, and runs "as of" a moment).</summary>
    public static ChinaClock Fixed(DateTime chinaLocal) =>
        new(new FixedTimeProvider(new DateTimeOffset(DateTime.SpecifyKind(chinaLocal, DateTimeKind.Unspecified),
            Offset)));

    private sealed class FixedTimeProvider(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at.ToUniversalTime();
    }
}

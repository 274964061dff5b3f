namespace Hotline.Ingest.Import;

/// <summary>
/// The zone a source writes its times in. The warehouse keeps each city's local wall time (China's own clock for
/// Chinese cities); for a city in another zone, source times are read in that zone and stored as its wall time,
/// so hour-of-day patterns, working days and "today" are the city's own.
/// </summary>
public sealed class SourceTimeZone
{
    private readonly TimeZoneInfo? _zone;
    private readonly TimeSpan _fixed;

    private SourceTimeZone(TimeZoneInfo? zone, TimeSpan fixedOffset)
    {
        _zone = zone;
        _fixed = fixedOffset;
    }

    public static bool TryParse(string text, out SourceTimeZone zone)
    {
        zone = new SourceTimeZone(null, TimeSpan.FromHours(8));
        if (text is "Asia/Shanghai" or "+08:00" or "UTC+8") return true;
        if (text.Length == 6 && (text[0] is '+' or '-')
            && TimeSpan.TryParseExact(text[1..], @"hh\:mm", CultureInfo.InvariantCulture, out var off))
        {
            zone = new SourceTimeZone(null, text[0] == '-' ? -off : off);
            return true;
        }
        try
        {
            zone = new SourceTimeZone(TimeZoneInfo.FindSystemTimeZoneById(text), TimeSpan.Zero);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>
    /// A source wall time as the contract's ISO string. Chinese sources keep their own +08:00; another zone's wall
    /// time is written unchanged with +08:00 too: the warehouse stores wall times, and that is the city's.
    /// </summary>
    public static string Contract(DateTime wall) =>
        wall.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+08:00";

    /// <summary>An instant (a UTC or offset time in the source) as the city's wall time.</summary>
    public DateTime ToWall(DateTimeOffset instant) =>
        _zone is null ? instant.ToOffset(_fixed).DateTime : TimeZoneInfo.ConvertTime(instant, _zone).DateTime;
}

using Hotline.Models.Hotspots;

namespace Hotline.Jobs.Briefs;

/// <summary>
/// The subject each ticket of a brief is about, read once per ticket and shared by the topics and 每月一题 (titles
/// are read by jieba's tagger, which is the costly part of a brief). The title is read first. A ticket without a title
/// (a phone call typed by the agent, an imported city's letters) is read from the opening of its text, but only for
/// an enterprise, school or project there: the opening of a call names the caller's own compound ("我是某小区的居民")
/// as often as the matter's, and the address already says where the caller lives.
/// </summary>
internal sealed class TopicSubjects
{
    /// <summary>How much of an untitled ticket's text is read: the subject is named early, and the finder's cost grows
    /// with the length it reads.</summary>
    private const int OpeningChars = 160;

    private readonly SubjectFinder _finder;
    private readonly Names _names;
    private readonly Dictionary<string, string> _openings;
    private readonly Dictionary<string, Subject?> _cache = new(StringComparer.Ordinal);
    // By text as well as by ticket: many callers use the same title (小区停车难), and a Beijing-sized month spent a
    // quarter of its brief tagging the same titles again.
    private readonly Dictionary<string, Subject?> _byTitle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Subject?> _byOpening = new(StringComparer.Ordinal);

    private TopicSubjects(Names names, Dictionary<string, string> openings)
    {
        _names = names;
        _finder = new SubjectFinder(names.AreaNames);
        _openings = openings;
    }

    /// <summary>Reads the openings of the untitled tickets received in [from, to) (the three periods).</summary>
    public static TopicSubjects Load(DuckDBConnection conn, Names names, DateTime from, DateTime to) => new(names,
        Sql.Rows(conn, """
            SELECT ticket_id, left(content, $n) FROM tickets
            WHERE received_at >= $from AND received_at < $to AND coalesce(title, '') = '' AND content IS NOT NULL
            """, r => (Id: r.GetString(0), Text: r.GetString(1)), ("n", OpeningChars), ("from", from), ("to", to))
            .ToDictionary(x => x.Id, x => x.Text, StringComparer.Ordinal));

    public Subject? Of(TicketFact t)
    {
        if (_cache.TryGetValue(t.TicketId, out var known)) return known;
        var subject = !string.IsNullOrEmpty(t.Title) ? Find(_byTitle, t.Title, () => _finder.Find(t.Title, null))
            : _openings.TryGetValue(t.TicketId, out var text)
                && Find(_byOpening, text, () => _finder.Find(null, text)) is { CityWide: true } s ? s
            : null;
        _cache[t.TicketId] = subject;
        return subject;
    }

    private static Subject? Find(Dictionary<string, Subject?> cache, string text, Func<Subject?> find)
    {
        if (!cache.TryGetValue(text, out var subject)) cache[text] = subject = find();
        return subject;
    }

    /// <summary>
    /// Where a ticket's matter is, as a reader names it: 全市·the enterprise, the county and the compound or road, or
    /// (when the text names nothing) the county, township and site of the address; "" when none is known.
    /// </summary>
    public string Place(TicketFact t) => Of(t) is { } s
        ? (s.CityWide ? _names.Scope + "·" : _names.Area(t.District)) + s.Name
        : t.Site is null ? "" : _names.Area(t.District) + _names.Area(t.Township) + "·"
            + _names.ShortSite(t.Site, t.District, t.Township);
}

using Hotline.Models.Warning.Alerts;
namespace Hotline.Jobs.Briefs;

/// <summary>
/// One number of a brief with its definition and its comparisons (the brief prints none without them).
/// </summary>
public sealed record Figure(string Key, string Label, double? Value, string Unit, string Definition, double? Previous,
    double? LastYear,
    long? Numerator = null, long? Denominator = null)
{
    // Rounded: reports print no false precision (and long digit runs would look like card numbers to the PII scan).
    public double? ChangeVsPrevious => Value is { } v && Previous is { } p && p != 0 ? Math.Round((v - p) / p, 4)
        : null;
    public double? ChangeVsLastYear => Value is { } v && LastYear is { } p && p != 0 ? Math.Round((v - p) / p, 4)
        : null;
}

/// <summary>
/// A category's count now, before and a year ago, and whether the change vs the previous period is significant.
/// </summary>
public sealed record CategoryRow(string Code, string Name, string Group, long Count, long Previous, long? LastYear,
    double RateRatio, double PValue, bool Significant);

/// <summary>
/// A topic: tickets about the same problem (category) at the same place (compound or site within a township), tracked
/// across periods: new (none last period), growing or fading (significant change), persistent (three periods running).
/// </summary>
public sealed record TopicRow(string Status, string Category, string CategoryName, string County, string Township,
    string? Site,
    long Tickets, long Callers, long Previous, double PValue,
        IReadOnlyList<string> Terms, IReadOnlyList<string> Examples,
    DateTime First, DateTime Last, IReadOnlyList<string> TicketIds)
{
    /// <summary>The unit the dispatch catalogue makes lead for this matter here (建议牵头单位).</summary>
    public string? Lead { get; init; }
    /// <summary>A city-wide topic: how it spreads over the counties (null for a site topic).</summary>
    public string? Spread { get; init; }
    /// <summary>The same topic's tickets in the two periods before and now, oldest first (its lineage).</summary>
    public IReadOnlyList<PeriodCount> Lineage { get; init; } = [];
}

/// <summary>One period of a topic's lineage: the period's key, how the brief names it, the topic's tickets.</summary>
public sealed record PeriodCount(string Period, string Label, long Tickets);

public sealed record GeoCell(string County, string Group, long Count);

public sealed record TownshipHotspot(string County, string Township, string Category, string CategoryName, long Count,
    long Previous, double PValue);

public sealed record LedgerItem(string TicketId, string CategoryName, string County, string Township, string? LeadUnit,
    int DaysOpen, string Status);

public sealed record LongRunningMatter(string CategoryName, string County, string Township, string Site,
    int PeriodsRunning, long Tickets);

public sealed record PersistentSection(long ReopenedTickets, long RepeatCallers, long RepeatCallerTickets,
    long LedgerOpen, long LedgerOverdue,
    IReadOnlyList<LedgerItem> Ledger, IReadOnlyList<LongRunningMatter> LongRunning);

public sealed record OutlookRow(string Category, string Name, double Expected, double Low, double High,
    long? SamePeriodLastYear, long Current,
    string? Season, string Basis)
{
    /// <summary>up | down | flat: the forecast against the current level (per day, over the next period's
    /// days).</summary>
    public string Direction { get; init; } = "flat";
    /// <summary>The current period's daily rate over the next period's days (what the direction compares
    /// with).</summary>
    public double CurrentLevel { get; init; }
    /// <summary>The category is in its season now and still next period (a flat forecast then means 仍处高位).</summary>
    public bool InSeason { get; init; }
}

/// <summary>One backtest forecast: the month forecast, what was forecast and what came.</summary>
public sealed record BacktestCase(string Month, string Category, string Name, long Before, double Expected,
    long Actual, string ForecastDirection, string ActualDirection, bool WithLastYear);

/// <summary>The outlook's method replayed on the warehouse's own months (see SeasonalOutlook.Backtest).</summary>
/// <param name="DirectionRight">Share of forecasts whose direction (±10 % dead band) was right.</param>
/// <param name="Mape">Mean absolute percentage error of the expected counts.</param>
public sealed record OutlookBacktest(int Months, int Forecasts, double? DirectionRight, double? Mape,
    IReadOnlyList<BacktestCase> Cases)
{
    /// <summary>The same two figures for the forecasts made with a year of history (the year-on-year method).</summary>
    public int ForecastsWithLastYear => Cases.Count(c => c.WithLastYear);
    public double? DirectionRightWithLastYear => Share(Cases.Where(c => c.WithLastYear).ToList());
    public double? DirectionRightWithoutLastYear => Share(Cases.Where(c => !c.WithLastYear).ToList());
    /// <summary>Share of categories whose direction was right in more than half of their forecasts.</summary>
    public double? CategoriesMostlyRight => Mostly(Cases);
    public double? CategoriesMostlyRightWithLastYear => Mostly(Cases.Where(c => c.WithLastYear));

    private static double? Mostly(IEnumerable<BacktestCase> cases)
    {
        var byCategory = cases.GroupBy(c => c.Category)
            .Select(g => g.Count(c => c.ForecastDirection == c.ActualDirection) * 2 > g.Count()).ToList();
        return byCategory.Count == 0 ? null : Math.Round(byCategory.Count(x => x) / (double)byCategory.Count, 3);
    }

    private static double? Share(List<BacktestCase> cases) => cases.Count == 0 ? null
        : Math.Round(cases.Count(c => c.ForecastDirection == c.ActualDirection) / (double)cases.Count, 3);
}

public sealed record GovernanceTopic(int Rank, string Category, string Name, string County, long Volume, double Growth,
    double Dissatisfaction,
    double Score, IReadOnlyList<string> Problems)
{
    /// <summary>The lead department the dispatch catalogue names, and its co-units.</summary>
    public string? Lead { get; init; }
    /// <summary>The matter's tickets in the previous period (what the growth is measured against).</summary>
    public long Previous { get; init; }
    public IReadOnlyList<string> CoUnits { get; init; } = [];
    /// <summary>The causes the matter's callers state (the clause after 因为, 说是…, before 导致…).</summary>
    public IReadOnlyList<Hotline.Models.Hotspots.Cause> Causes { get; init; } = [];
    /// <summary>How many of the matter's texts the causes were read from (a sample when the matter is large).</summary>
    public int CauseTexts { get; init; }
}

/// <summary>
/// An earlier month's first 每月一题 candidate and what became of it: its tickets that month and each month since.
/// </summary>
/// <param name="Trend">down | up | flat: the latest month's daily rate against the month it was chosen (±10 %).</param>
public sealed record PastTopic(string Month, string Category, string Name, IReadOnlyList<PeriodCount> Since,
    string Trend);

public sealed record AlertRow(string AlertId, Severity Severity, AlertStatus Status, string Title, string? Area,
    DateTime OpenedAt, DateTime? ResolvedAt,
    int Tickets, int Callers, IReadOnlyList<string> Detectors, IReadOnlyList<string> Owners)
{
    /// <summary>The owners by name, from the warehouse's own unit directory.</summary>
    public IReadOnlyList<string> OwnerNames { get; init; } = [];
}

/// <summary>
/// Everything a hotspot brief says, as data: rendered to Markdown/HTML and written as JSON unchanged.
/// </summary>
public sealed record HotspotBrief(
    string Kind, string Period, string Label, DateTime From, DateTime To, DateTime Cutoff, string PreviousPeriod,
        string LastYearPeriod,
    IReadOnlyList<Figure> Kpis, IReadOnlyList<CategoryRow> TopCategories, IReadOnlyList<CategoryRow> Movers,
    IReadOnlyList<TopicRow> Topics,
    IReadOnlyList<GeoCell> Geo, IReadOnlyList<TownshipHotspot> Townships, PersistentSection Persistent,
        string OutlookPeriod,
    IReadOnlyList<OutlookRow> Outlook, IReadOnlyList<GovernanceTopic> Governance, IReadOnlyList<AlertRow> Alerts,
    IReadOnlyList<DailyCount> Daily, IReadOnlyDictionary<string, string> Definitions)
{
    public BriefMasthead? Masthead { get; init; }
    public IReadOnlyList<ShareRow> RequestTypes { get; init; } = [];
    public IReadOnlyList<ShareRow> Channels { get; init; } = [];
    /// <summary>Monthly briefs: the 每月一题 of the three months before, and their tickets since.</summary>
    public IReadOnlyList<PastTopic> PastTopics { get; init; } = [];
    /// <summary>Monthly briefs: the outlook's method replayed on the history before the cutoff.</summary>
    public OutlookBacktest? OutlookBacktest { get; init; }
}

public sealed record DailyCount(DateTime Day, long Current, long? Previous);

/// <summary>One request type or channel: its count and share of the period's tickets (shares sum to 100 %).</summary>
public sealed record ShareRow(string Code, string Name, long Count, double Share, long Previous);

/// <summary>How the brief presents itself as a document: issue number, issuing office, date.</summary>
/// <param name="Issue">期号, e.g. 2025年第11期 (the month, or the ISO week, of the year).</param>
/// <param name="Running">The period had not ended at the cutoff: figures are 截至 the cutoff's day.</param>
public sealed record BriefMasthead(string City, string Issuer, string Issue, DateTime IssuedOn, bool Running)
{
    /// <summary>The whole area as the text names it (全市, 全省).</summary>
    public string Scope { get; init; } = "全市";
}

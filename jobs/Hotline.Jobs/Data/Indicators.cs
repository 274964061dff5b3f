namespace Hotline.Jobs.Data;

/// <summary>A rate with its numerator and denominator, so a reader can judge how much it rests on.</summary>
public sealed record Rate(long Numerator, long Denominator)
{
    public double? Value => Denominator == 0 ? null : (double)Numerator / Denominator;
    public override string ToString() => Value is { } v ? $"{v:P1}（{Numerator:N0}/{Denominator:N0}）" : "—（无样本）";
}

/// <summary>
/// The core indicators (B36: response, resolution, satisfaction; plus on-time, return and reopen), computed over a
/// cohort of tickets as known at a cutoff. Exact definitions are in docs/indicators.md; this class is their only
/// implementation, used by the briefs, the unit scorecard and the disclosure alike.
/// A milestone counts only if it happened before the cutoff, and a ticket enters a rate's denominator only once its
/// outcome is decided by then, so a period measured at its end is not penalised for tickets still in their deadline.
/// </summary>
public sealed class Indicators(WorkingCalendar calendar)
{
    /// <summary>响应率: signed for within 1 working day of the first dispatch (G15).</summary>
    public Rate Response(IEnumerable<TicketFact> cohort, DateTime cutoff)
    {
        long num = 0, den = 0;
        foreach (var t in cohort)
        {
            if (t.FirstDispatchedAt is not { } d || d >= cutoff) continue;
            var window = calendar.AddWorkingDays(d, 1);
            var signed = t.FirstSignedAt is { } s && s < cutoff ? s : (DateTime?)null;
            if (signed is null && window > cutoff) continue; // still within its window: undecided
            den++;
            if (signed is { } at && at <= window) num++;
        }
        return new(num, den);
    }

    /// <summary>
    /// 按时办结率: first reply at or before the due time, over tickets whose due time has passed or that were replied.
    /// </summary>
    public static Rate OnTime(IEnumerable<TicketFact> cohort, DateTime cutoff)
    {
        long num = 0, den = 0;
        foreach (var t in cohort)
        {
            if (t.DueAt is not { } due || t.FirstDispatchedAt is not { } d || d >= cutoff) continue;
            var replied = t.FirstRepliedAt is { } r && r < cutoff ? r : (DateTime?)null;
            if (replied is null && due > cutoff) continue;
            den++;
            if (replied is { } at && at <= due) num++;
        }
        return new(num, den);
    }

    /// <summary>解决率: callbacks that found the problem resolved, over callbacks with a resolved answer.</summary>
    public static Rate Resolution(IEnumerable<TicketFact> cohort, DateTime cutoff) =>
        Count(cohort.Where(t => Closed(t, cutoff) && t.Resolved is not null), t => t.Resolved == true);

    /// <summary>满意率: 满意 + 基本满意 over callbacks that recorded a satisfaction answer.</summary>
    public static Rate Satisfaction(IEnumerable<TicketFact> cohort, DateTime cutoff) =>
        Count(cohort.Where(t => Closed(t, cutoff) && t.Satisfaction is not null), t =>
            t.Satisfaction is "satisfied" or "basically_satisfied");

    /// <summary>不满意率 (used to rank governance topics): 不满意 over rated callbacks.</summary>
    public static Rate Dissatisfaction(IEnumerable<TicketFact> cohort, DateTime cutoff) =>
        Count(cohort.Where(t => Closed(t, cutoff) && t.Satisfaction is not null), t => t.Satisfaction == "unsatisfied");

    /// <summary>退单率: dispatched tickets returned at least once.</summary>
    public static Rate Returns(IEnumerable<TicketFact> cohort, DateTime cutoff) =>
        Count(cohort.Where(t => t.FirstDispatchedAt < cutoff), t => t.ReturnCount > 0);

    /// <summary>
    /// 重办率: closed tickets reopened at least once (after an unsatisfied, reasonable callback: L20, B25-26).
    /// </summary>
    public static Rate Reopens(IEnumerable<TicketFact> cohort, DateTime cutoff) =>
        Count(cohort.Where(t => Closed(t, cutoff) || t.ReopenCount > 0), t => t.ReopenCount > 0);

    /// <summary>直办率: tickets the centre closed itself without dispatching (answers, transfers, repeats).</summary>
    public static Rate CentreHandled(IEnumerable<TicketFact> cohort, DateTime cutoff) =>
        Count(cohort, t => t.FirstDispatchedAt is null && Closed(t, cutoff));

    private static bool Closed(TicketFact t, DateTime cutoff) => t.ClosedAt is { } c && c < cutoff;

    private static Rate Count(IEnumerable<TicketFact> rows, Func<TicketFact, bool> hit)
    {
        long num = 0, den = 0;
        foreach (var t in rows) { den++; if (hit(t)) num++; }
        return new(num, den);
    }
}

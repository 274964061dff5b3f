namespace Hotline.Models.Evaluation;

/// <summary>
/// A dispatch answer reduced to what a set can check: ranked unit kinds (RouteTemplates.TemplateOf of each unit:
/// CD-ZJ, U-WATER, E-119, C-SZX for the centre…), the disposition and the category, if the router gives one.
/// </summary>
public sealed record DispatchAnswer(IReadOnlyList<string> UnitKinds, Disposition Disposition, string? Category)
{
    public bool Abstained => Disposition == Disposition.Abstain;
}

public sealed record NaturalOutcome(NaturalTicket Ticket, DispatchAnswer Answer)
{
    public bool Top1 => Answer.UnitKinds.Count > 0 && Answer.UnitKinds[0] == Ticket.UnitKind;
    public bool Top3 => Answer.UnitKinds.Take(3).Contains(Ticket.UnitKind);

    /// <summary>
    /// An emergency is right when transferred to the right service; a two-hour hazard when its lead is the right unit
    /// kind (an abstention with the right first candidate counts: a dispatcher confirms at once); other tickets when
    /// they were not sent to an emergency service.
    /// </summary>
    public bool SafetyRight => Ticket.Safety switch
    {
        Safety.Emergency => Answer.Disposition == Ticket.Disposition,
        Safety.Hazard2h => Top1,
        _ => !Answer.Disposition.IsTransfer(),
    };

    /// <summary>
    /// Kept by the centre although the matter belongs to a unit: the failure this set was made to find.
    /// </summary>
    public bool WronglyKept => Ticket.UnitKind != SpecialUnits.Centre && Answer.UnitKinds.FirstOrDefault()
        == SpecialUnits.Centre && !Answer.Abstained;
}

public sealed record NaturalMetrics(int Tickets, double UnitTop1, double UnitTop3, double CategoryAccuracy,
    double DispositionAccuracy, int Emergencies, int EmergenciesTransferred, int Hazards, int HazardsRight,
    int FalseTransfers, int WronglyKept, double AbstainRate, double Top1WhenAnswering,
    IReadOnlyDictionary<string, double> Top1ByStyle, IReadOnlyList<NaturalOutcome> Outcomes);

/// <summary>Scores any router on a naturally worded set (`hotline evaluate natural`).</summary>
public static class NaturalEvaluation
{
    public static NaturalMetrics Score(IReadOnlyList<NaturalTicket> set, Func<NaturalTicket, DispatchAnswer> route)
    {
        var outcomes = set.Select(t => new NaturalOutcome(t, route(t))).ToList();
        double Share(Func<NaturalOutcome, bool> f, IEnumerable<NaturalOutcome>? of = null)
        {
            var list = (of ?? outcomes).ToList();
            return list.Count == 0 ? 0 : list.Count(f) / (double)list.Count;
        }
        var emergencies = outcomes.Where(o => o.Ticket.Safety == Safety.Emergency).ToList();
        var hazards = outcomes.Where(o => o.Ticket.Safety == Safety.Hazard2h).ToList();
        var answering = outcomes.Where(o => !o.Answer.Abstained).ToList();
        return new NaturalMetrics(outcomes.Count, Share(o => o.Top1), Share(o => o.Top3),
            Share(o => o.Answer.Category == o.Ticket.Category),
            Share(o => o.Answer.Disposition == o.Ticket.Disposition), emergencies.Count,
            emergencies.Count(o => o.SafetyRight), hazards.Count, hazards.Count(o => o.SafetyRight),
            outcomes.Count(o => o.Ticket.Safety != Safety.Emergency && o.Answer.Disposition.IsTransfer()),
            outcomes.Count(o => o.WronglyKept), Share(o => o.Answer.Abstained), Share(o => o.Top1, answering),
            outcomes.GroupBy(o => o.Ticket.Style).Where(g => g.Key.Length > 0)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Share(o => o.Top1, g)), outcomes);
    }
}

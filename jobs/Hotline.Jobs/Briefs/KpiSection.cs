namespace Hotline.Jobs.Briefs;

/// <summary>The brief's headline figures, each against the previous period and the same period last year.</summary>
internal static class KpiSection
{
    /// <summary>The tickets received in [From, From + Days), as known at Cutoff.</summary>
    public sealed record Cohort(List<TicketFact> Tickets, DateTime From, DateTime Cutoff, double Days);

    public static List<Figure> Build(Indicators ind, Citations cite, Cohort now, Cohort prev, Cohort? lastYear)
    {
        var figures = new List<Figure>();
        var firstCitation = true;
        void Count(string key, string label, string def, Func<TicketFact, bool> which, bool perDay = false)
        {
            double? V(Cohort? c) => c is null ? null : perDay ? Math.Round(c.Tickets.Count(which) / c.Days, 1)
                : c.Tickets.Count(which);
            var basis = cite.After(CiteKey(key), ref firstCitation);
            figures.Add(new Figure(key, label, V(now), perDay ? "件/日" : "件", def + basis, V(prev),
                V(lastYear)));
        }
        void RateFig(string key, string label, string def, Func<Cohort, Rate> rate)
        {
            var r = rate(now);
            var basis = cite.After(key, ref firstCitation);
            figures.Add(new Figure(key, label, Round(r.Value), "%", def + basis, Round(rate(prev).Value),
                lastYear is null
                ? null : Round(rate(lastYear).Value), r.Numerator, r.Denominator));
        }
        Count("received", "受理量", "本期受理的工单数（按受理时间计）", _ => true);
        Count("received_per_day", "日均受理量", "受理量 ÷ 本期天数（周期长短不同时可比）", _ => true, perDay: true);
        Count("complaints", "投诉类", "诉求类型为投诉的工单数", t => t.RequestType == "complaint");
        Count("help", "求助类", "诉求类型为求助的工单数", t => t.RequestType == "help");
        Count("consultations", "咨询类", "诉求类型为咨询的工单数", t => t.RequestType == "consultation");
        Count("reports", "举报类", "诉求类型为举报的工单数", t => t.RequestType == "report");
        RateFig("centre_handled", "直办率", "热线中心未派单即办结（知识库答复、转办、重复件）的工单 ÷ 受理量", c =>
            Indicators.CentreHandled(c.Tickets, c.Cutoff));
        RateFig("response", "响应率", "首次派单后 1 个工作日内签收的工单 ÷ 签收期限已到或已签收的派单工单", c => ind.Response(c.Tickets, c.Cutoff));
        RateFig("on_time", "按时办结率", "首次答复不晚于办理时限的工单 ÷ 时限已到或已答复的派单工单", c =>
            Indicators.OnTime(c.Tickets, c.Cutoff));
        RateFig("resolution", "解决率", "回访认定已解决 ÷ 回访有解决结论的工单", c => Indicators.Resolution(c.Tickets, c.Cutoff));
        RateFig("satisfaction", "满意率", "回访满意与基本满意 ÷ 回访有满意度评价的工单", c =>
            Indicators.Satisfaction(c.Tickets, c.Cutoff));
        RateFig("returns", "退单率", "被退回至少一次的派单工单 ÷ 派单工单", c => Indicators.Returns(c.Tickets, c.Cutoff));
        RateFig("reopens", "重办率", "回访不满意后重新办理的工单 ÷ 已办结工单", c => Indicators.Reopens(c.Tickets, c.Cutoff));
        return figures;
    }

    /// <summary>The four request-type counts rest on one article (the types a caller may raise).</summary>
    private static string CiteKey(string key) =>
        key is "complaints" or "help" or "consultations" or "reports" ? "request_types" : key;

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 4) : null;
}

using System.Text.RegularExpressions;

namespace Hotline.Models.Knowledge;

public sealed record KbScores(int Entries, int Queries, double Coverage, int Judged, double UnitAgreement,
    double RandomBaseline, double MeanSimilarity);

/// <summary>
/// Does the closest past answered message help with a new one? Without labels of "the right answer", the
/// objective check available in real replies is who answered: if the nearest past message was answered by the
/// same unit (住建局, 教育局, a street office …) as the new message actually was, the past reply is on the right
/// matter and from the right desk. Split by time (the knowledge base only holds earlier messages); the random
/// baseline is the agreement of a random earlier message (Σ p_unit²).
/// </summary>
public static partial class KbEvaluation
{
    [GeneratedRegex(@"[A-Z]\d*[市区县][\u4e00-\u9fa5]{0,8}?(?:局|委员会|委|办公室|办|街道|镇|乡|政府|中心|分局|支队|大队)")]
    private static partial Regex UnitPattern();

    /// <summary>The first unit a reply names ("A3区住建局", "A5区教育局"), or null.</summary>
    public static string? ReplyingUnit(string reply) => UnitPattern().Match(reply) is { Success: true } m ? m.Value
        : null;

    public static KbScores Run(IReadOnlyList<KbEntry> entries, double trainShare = 0.8, double minSimilarity = 0.2)
    {
        var ordered = entries.OrderBy(e => e.AnsweredAt ?? DateTime.MinValue).ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();
        var cut = (int)(ordered.Count * trainShare);
        var kbEntries = ordered.Take(cut).ToList();
        var queries = ordered.Skip(cut).ToList();
        var kb = new KnowledgeBase(kbEntries);
        var units = kbEntries.Select(e => ReplyingUnit(e.Reply)).OfType<string>().ToList();
        var baseline = units.GroupBy(u => u).Sum(g => Math.Pow(g.Count() / (double)units.Count, 2));
        int matched = 0, judged = 0, agree = 0;
        double sim = 0;
        var byId = kbEntries.ToDictionary(e => e.Id);
        foreach (var q in queries)
        {
            var top = kb.Nearest(q.Question, 1, minSimilarity);
            if (top.Count == 0) continue;
            matched++;
            sim += top[0].Similarity;
            var truth = ReplyingUnit(q.Reply);
            var found = ReplyingUnit(byId[top[0].Id].Reply);
            if (truth is null || found is null) continue;
            judged++;
            if (truth == found) agree++;
        }
        return new KbScores(kbEntries.Count, queries.Count, queries.Count == 0 ? 0 : matched / (double)queries.Count,
            judged,
            judged == 0 ? 0 : agree / (double)judged, baseline, matched == 0 ? 0 : sim / matched);
    }
}

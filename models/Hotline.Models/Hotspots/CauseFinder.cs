using System.Text.RegularExpressions;

namespace Hotline.Models.Hotspots;

/// <summary>
/// A cause of a matter as its callers state it: the clause after 因为, 由于, 原因是, or after what they were told
/// (说是, 据说, 听说: "物业说是管道老化"), and the clause before 导致, 造成, 致使, 引起 ("楼上装修导致漏水").
/// </summary>
/// <param name="Text">The clause, or with <paramref name="Phrase"/> false a word several clauses share.</param>
/// <param name="Tickets">How many tickets state it.</param>
/// <param name="Phrase">True when tickets state this very clause; false when only a word recurs among them.</param>
public sealed record Cause(string Text, int Tickets, bool Phrase);

/// <summary>
/// The likely cause of a matter from its tickets' words, for 每月一题: leaders ask why callers call before they ask who
/// acts. Callers who give a reason say it in a few recurring ways, so the clause after a causal word is taken and
/// counted once per ticket. Where callers word it each their own way (real letters), no clause recurs; then the
/// words most of those clauses share are given instead ("涉及：施工、欠费"). What is given is what callers say, which
/// the brief says so; it is a lead for the department, not a finding.
/// </summary>
public static partial class CauseFinder
{
    // A clause: the run between punctuation, short enough to be one reason (longer runs are whole sentences).
    private const int MaxClause = 14;

    [GeneratedRegex(@"(?:是因为|因为|由于|原因是|说是|据说|听说)([^，。！？；、,.!?;：:\s“”""]{2,30})")]
    private static partial Regex After();

    [GeneratedRegex(@"([^，。！？；、,.!?;：:\s“”""]{2,30}?)(?:导致|造成|致使|引起)")]
    private static partial Regex Before();

    // Particles and fillers at a clause's ends, never part of the reason ("的问题" stays: "我家管道的问题" reads as said).
    [GeneratedRegex(@"^(?:是|了|的|这个|那个|就是)+|(?:的|啊|吧|呢|呀|嘛|直接|就|也)+$")]
    private static partial Regex Ends();

    // Connectives and adverbs before 导致/造成 ("从而导致", "直接造成", "由于施工导致"): not part of the cause.
    [GeneratedRegex(@"^(?:从而|进而|直接|间接|严重|已经|已|也|还|都|又|并|而|会|将|就|才|由于|因为|是因为)+")]
    private static partial Regex Connectives();

    // "对居民造成影响", "给业主造成损失", "希望引起重视": what is harmed or asked for, not why. A clause that names
    // the harmed party or a demand is dropped (checked on the real Teddy messages, where these are most such
    // clauses).
    [GeneratedRegex(@"^(?:对|给|令|让|使|望)|[会将]对|[会将]给|希望|要求|请|恳请|是否|什么|怎么|为什么")]
    private static partial Regex NotACause();

    // Words that recur among clauses but say nothing of a cause.
    private static readonly HashSet<string> Empty =
        ["问题", "情况", "原因", "现在", "我们", "他们", "这个", "那个", "没有", "不是", "就是", "一直", "可以", "时候"];

    /// <summary>Up to <paramref name="top"/> causes stated by at least two tickets, most stated first.</summary>
    public static IReadOnlyList<Cause> Find(IEnumerable<string> texts, int top = 3)
    {
        var clauses = new Dictionary<string, int>(StringComparer.Ordinal);
        var perTicket = new List<HashSet<string>>();
        foreach (var text in texts)
        {
            var found = Clauses(text).ToHashSet(StringComparer.Ordinal);
            if (found.Count == 0) continue;
            perTicket.Add(found);
            foreach (var c in found) clauses[c] = clauses.GetValueOrDefault(c) + 1;
        }
        var phrases = clauses.Where(kv => kv.Value >= 2)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(top).Select(kv => new Cause(kv.Key, kv.Value, true)).ToList();
        if (phrases.Count > 0) return phrases;
        // No clause recurs: the words the stated reasons share, each counted once per ticket.
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var set in perTicket)
            foreach (var w in set.SelectMany(TfIdfVectors.Tokens).Where(w => w.Length >= 2 && !Empty.Contains(w))
                .Distinct(StringComparer.Ordinal))
                words[w] = words.GetValueOrDefault(w) + 1;
        return words.Where(kv => kv.Value >= 2)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(top).Select(kv => new Cause(kv.Key, kv.Value, false)).ToList();
    }

    /// <summary>
    /// A cause names a thing or an event: some word of two or more characters that jieba tags a noun, a verbal
    /// noun or an idiom (管道老化, 施工, 年久失修), or a verb with another word (楼上装修). Clauses of adverbs and
    /// conjunctions alone (以免, 经常, 这样) do not.
    /// </summary>
    private static bool NamesSomething(string clause)
    {
        var words = WordSegmenter.Tag(clause).ToList();
        // An event is also a verb with what it is about (楼上/装修): a verb alone (不会) is not.
        return words.Any(t => t.Word.Length >= 2 && (t.Flag.StartsWith('n') || t.Flag is "vn" or "i" or "l" or "j"))
            || words.Count >= 2 && words.Any(t => t.Word.Length >= 2 && t.Flag == "v");
    }

    /// <summary>The causal clauses of one text, trimmed of particles; any too long to be one reason dropped.</summary>
    public static IEnumerable<string> Clauses(string text)
    {
        foreach (var m in After().Matches(text).Concat(Before().Matches(text)))
        {
            var clause = Ends().Replace(Connectives().Replace(m.Groups[1].Value, ""), "");
            if (clause.Length is >= 2 and <= MaxClause && !NotACause().IsMatch(clause) && NamesSomething(clause))
                yield return clause;
        }
    }
}

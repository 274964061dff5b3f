using System.Text;

namespace Hotline.Models.Routing;

/// <summary>What the safety layer read in a ticket: the catalogue entry, the caller's phrase and the cue.</summary>
public sealed record SafetyFinding(CatalogueEntry Entry, string Expression, string? UrgentCue, string? NotUrgentCue)
{
    /// <summary>
    /// Happening now: no cue of the past, of a hypothesis or of paperwork ("夜来", "隐患", "缴费"), or one that is
    /// outweighed by a cue of the present ("正在", "还在冒"). Recall before precision: with neither, it is now.
    /// </summary>
    public bool Urgent => NotUrgentCue is null || UrgentCue is not null;
}

/// <summary>
/// Recognises emergencies and two-hour hazards from the dispatch catalogue's expressions, independent of how
/// the simulator words tickets and of what the model learnt from it: the entries' phrases are written by centre
/// staff from what callers say (dialect and common typos included). An emergency entry's phrase sends the
/// ticket to its service; a hazard's phrase makes its lead unit kind lead, with the two-hour deadline. Cues of
/// the past or of a hypothesis keep a phrase from acting on its own (then the model decides).
/// </summary>
public sealed class SafetyLayer
{
    private readonly (CatalogueEntry Entry, string Expression)[] _phrases;

    private readonly IReadOnlyList<string> _commonNotUrgent;

    public SafetyLayer(DispatchCatalogue catalogue)
    {
        _commonNotUrgent = catalogue.CommonNotUrgentCues;
        // Emergencies before hazards, longer phrases before shorter: "燃气爆炸" is EM.FIRE.GAS, not the
        // hazard's "燃气" phrases, and a specific phrase names its matter better than a short one.
        _phrases = catalogue.Entries.Where(e => e.Safety != SafetyLevel.None)
            .SelectMany(e => e.Expressions.Select(x => (Entry: e, Expression: Normalise(x))))
            .Where(p => p.Expression.Length >= 2)
            .OrderBy(p => p.Entry.Safety == SafetyLevel.Emergency ? 0 : 1).ThenByDescending(p => p.Expression.Length)
            .ThenBy(p => p.Entry.Code, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Every entry whose phrase the text contains, one finding each (emergencies first, longer phrases first). A
    /// cue of the past or of a hypothesis in the phrase's own clause ("上个月我被车撞了", "万一着火了") makes it not
    /// urgent whatever else the text says; elsewhere it counts only when nothing says "now".
    /// </summary>
    public List<SafetyFinding> FindAll(string text)
    {
        var t = Normalise(text);
        var found = new List<SafetyFinding>();
        var tried = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, expression) in _phrases)
        {
            var at = t.IndexOf(expression, StringComparison.Ordinal);
            if (at < 0 || !tried.Add(entry.Code)) continue;
            var clause = ClauseAround(t, at, expression.Length);
            var notUrgent = First(clause, entry.NotUrgentCues) ?? First(clause, _commonNotUrgent);
            var urgent = notUrgent is null ? First(t, entry.UrgentCues) : null;
            notUrgent ??= First(t, entry.NotUrgentCues) ?? First(t, _commonNotUrgent);
            found.Add(new SafetyFinding(entry, expression, urgent, notUrgent));
        }
        return found;
    }

    /// <summary>
    /// The finding to act on: urgent emergencies before urgent hazards; among several, the one whose category
    /// <paramref name="likelihood"/> (the model) rates highest, so "没电了…冻得受不了" is the power cut the text is
    /// about. Null when nothing urgent was found.
    /// </summary>
    public static SafetyFinding? Choose(IReadOnlyList<SafetyFinding> findings, Func<string, double> likelihood) =>
        findings.Where(f => f.Urgent).OrderBy(f => f.Entry.Safety == SafetyLevel.Emergency ? 0 : 1)
            .ThenByDescending(f => likelihood(f.Entry.Code)).FirstOrDefault();

    private static string ClauseAround(string t, int at, int length)
    {
        var from = t.LastIndexOfAny(ClauseBreaks, Math.Max(0, at - 1)) + 1;
        if (at == 0) from = 0;
        var to = t.IndexOfAny(ClauseBreaks, at + length);
        return t[from..(to < 0 ? t.Length : to)];
    }

    private static readonly char[] ClauseBreaks = ['，', ',', '。', '！', '!', '？', '?', '；', ';', '…', '：', ':'];

    private static string? First(string text, IReadOnlyList<string> cues)
    {
        foreach (var c in cues)
            if (text.Contains(c, StringComparison.Ordinal)) return c;
        return null;
    }

    /// <summary>
    /// Runs of spaces become a clause break: transcribed speech separates clauses with spaces ("电梯不动了 灯也灭了").
    /// </summary>
    private static string Normalise(string s)
    {
        var b = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space && b.Length > 0) b.Append('，');
            space = false;
            b.Append(c);
        }
        return b.ToString();
    }
}

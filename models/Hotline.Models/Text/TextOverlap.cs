namespace Hotline.Models.Text;

/// <summary>Cheap wording overlap between two short Chinese texts: Jaccard similarity of character bigrams.</summary>
public static class TextOverlap
{
    public static double Jaccard(string a, string b) => Jaccard(Bigrams(a), Bigrams(b));

    /// <summary>Jaccard of two precomputed bigram sets (callers comparing one text with many keep its set).</summary>
    public static double Jaccard(HashSet<int> a, HashSet<int> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var common = 0;
        foreach (var x in small) if (large.Contains(x)) common++;
        return common / (double)(a.Count + b.Count - common);
    }

    public static HashSet<int> Bigrams(string s)
    {
        var set = new HashSet<int>();
        char prev = '\0';
        foreach (var c in s)
        {
            // Punctuation and spaces carry no matter; skip them so "漏气，" and "漏气" agree.
            if (char.IsWhiteSpace(c) || char.IsPunctuation(c)) { prev = '\0'; continue; }
            if (prev != '\0') set.Add(prev << 16 | c);
            prev = c;
        }
        return set;
    }
}

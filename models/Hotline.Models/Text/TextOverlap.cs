namespace Hotline.Models.Text;

/// <summary>Cheap wording overlap between two short Chinese texts: Jaccard similarity of character bigrams.</summary>
public static class TextOverlap
{
    public static double Jaccard(string a, string b)
    {
        var x = Bigrams(a);
        var y = Bigrams(b);
        if (x.Count == 0 || y.Count == 0) return 0;
        var common = x.Count(y.Contains);
        return common / (double)(x.Count + y.Count - common);
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

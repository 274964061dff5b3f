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

    /// <summary>
    /// Jaccard of two sorted, distinct bigram arrays (<see cref="SortedBigrams"/>): the same value as of the sets, by
    /// one merge instead of a hash lookup per bigram (the text-burst detector compares every new ticket with its
    /// township's last six hours, tens of millions of pairs a week in a city of Beijing's size).
    /// </summary>
    public static double Jaccard(int[] a, int[] b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { common++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return common / (double)(a.Length + b.Length - common);
    }

    /// <summary>
    /// Counts of a sorted bigram array's members in 128 hash buckets: for two texts, the sum over buckets of the
    /// smaller count bounds how many bigrams they can share, so most dissimilar pairs are ruled out with four
    /// vector instructions before any merge (<see cref="MayReach"/>). Null when a bucket would overflow a byte (a
    /// text of thousands of distinct bigrams); such a text is always compared in full (an empty span never rules out).
    /// </summary>
    public static byte[]? Buckets(int[] grams)
    {
        var buckets = new byte[128];
        foreach (var g in grams)
        {
            var k = (int)(((uint)g * 2654435761u) >> 25);
            if (buckets[k] == byte.MaxValue) return null;
            buckets[k]++;
        }
        return buckets;
    }

    /// <summary>
    /// False only when the two texts cannot reach Jaccard <paramref name="threshold"/>: the bucket bound on their
    /// common bigrams already gives less. Exact: the bound is never below the true count, and Jaccard grows with it.
    /// </summary>
    public static bool MayReach(ReadOnlySpan<byte> a, int countA, ReadOnlySpan<byte> b, int countB, double threshold)
    {
        if (a.Length < 128 || b.Length < 128 || countA == 0 || countB == 0) return true;
        var sum = System.Runtime.Intrinsics.Vector256<ushort>.Zero;
        for (var i = 0; i < 128; i += 32)
        {
            var min = System.Runtime.Intrinsics.Vector256.Min(
                System.Runtime.Intrinsics.Vector256.Create(a[i..]), System.Runtime.Intrinsics.Vector256.Create(b[i..]));
            var (lo, hi) = System.Runtime.Intrinsics.Vector256.Widen(min);
            sum += lo + hi;
        }
        int bound = System.Runtime.Intrinsics.Vector256.Sum(sum);
        bound = Math.Min(bound, Math.Min(countA, countB));
        return bound / (double)(countA + countB - bound) >= threshold;
    }

    public static int[] SortedBigrams(string s)
    {
        var set = Bigrams(s);
        var array = new int[set.Count];
        set.CopyTo(array);
        Array.Sort(array);
        return array;
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

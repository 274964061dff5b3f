namespace Hotline.Models.Text;

/// <summary>
/// Sparse TF-IDF vectors of word tokens (jieba), title counted twice (a title states the problem), sublinear tf,
/// L2-normalised, so the dot product is the cosine similarity. Tokens of one character, numbers and stop words
/// carry no topic and are dropped.
/// </summary>
public sealed class TfIdfVectors
{
    private static readonly HashSet<string> Stop =
    [
        "我们", "你们", "他们", "这个", "那个", "什么", "没有", "一个", "就是", "还是", "但是", "因为", "所以", "如果", "已经", "可以", "问题",
        "反映", "希望", "请问", "领导", "您好", "你好", "谢谢", "进行", "相关", "部门", "有关", "情况", "现在", "目前", "这些", "那些", "以及",
        "自己", "不是", "这样", "怎么", "为什么", "能否", "是否", "给予", "关于", "要求", "市民", "网友", "尽快", "解决", "处理", "一下", "严重",
    ];

    public IReadOnlyList<Dictionary<int, double>> Vectors { get; }
    public IReadOnlyList<string> Vocabulary { get; }
    private readonly Dictionary<string, int> _index;
    private readonly Dictionary<int, int> _df;
    private readonly int _n;

    /// <param name="docs">Each document's title (weighted twice) and body.</param>
    public TfIdfVectors(IReadOnlyList<(string Title, string Body)> docs)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var counts = new Dictionary<int, double>[docs.Count];
        var df = new Dictionary<int, int>();
        for (var i = 0; i < docs.Count; i++) counts[i] = new Dictionary<int, double>();
        var tokens = new List<string>[docs.Count];
        Parallel.For(0, docs.Count, i => tokens[i] = Tokens(docs[i].Title).Concat(Tokens(docs[i].Title))
            .Concat(Tokens(docs[i].Body)).ToList());
        for (var i = 0; i < docs.Count; i++)
        {
            foreach (var t in tokens[i])
            {
                if (!vocab.TryGetValue(t, out var id)) { id = vocab[t] = names.Count; names.Add(t); }
                counts[i][id] = counts[i].GetValueOrDefault(id) + 1;
            }
            foreach (var id in counts[i].Keys) df[id] = df.GetValueOrDefault(id) + 1;
        }
        Vocabulary = names;
        _index = vocab;
        _df = df;
        _n = docs.Count;
        foreach (var c in counts) Weigh(c);
        Vectors = counts;
    }

    /// <summary>Term counts → sublinear tf × smoothed idf, L2-normalised (in place).</summary>
    private void Weigh(Dictionary<int, double> c)
    {
        double norm = 0;
        foreach (var id in c.Keys.ToList())
        {
            var w = (1 + Math.Log(c[id])) * Math.Log((1.0 + _n) / (1 + _df[id]) + 1);
            c[id] = w;
            norm += w * w;
        }
        norm = Math.Sqrt(norm);
        if (norm > 0) foreach (var id in c.Keys.ToList()) c[id] /= norm;
    }

    /// <summary>
    /// A new text's vector in this vocabulary (unknown words carry no weight), for nearest-neighbour queries.
    /// </summary>
    public Dictionary<int, double> Transform(string title, string body)
    {
        var c = new Dictionary<int, double>();
        foreach (var t in Tokens(title).Concat(Tokens(title)).Concat(Tokens(body)))
            if (_index.TryGetValue(t, out var id)) c[id] = c.GetValueOrDefault(id) + 1;
        Weigh(c);
        return c;
    }

    /// <summary>The topic-bearing words of a text (what the vectors count).</summary>
    public static IEnumerable<string> Tokens(string text) => WordSegmenter.Segment(text)
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Where(w => w.Length >= 2 && !Stop.Contains(w) && !w.Any(char.IsDigit));

    public static double Cosine(Dictionary<int, double> a, Dictionary<int, double> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        double s = 0;
        foreach (var (k, v) in small) if (large.TryGetValue(k, out var w)) s += v * w;
        return s;
    }
}

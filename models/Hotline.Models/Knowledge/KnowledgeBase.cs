using Hotline.Ingest.Privacy;

namespace Hotline.Models.Knowledge;

/// <summary>A past question the centre or a unit answered, and the answer.</summary>
public sealed record KbEntry(string Id, string Question, string Reply, string? Category, DateTime? AnsweredAt);

/// <summary>One of the closest past answers to a new consultation (texts masked for personal data).</summary>
public sealed record KbMatch(string Id, double Similarity, string Question, string Reply, string? Category,
    DateTime? AnsweredAt);

/// <summary>
/// Answered consultations as a searchable knowledge base: TF-IDF word vectors (jieba) of the questions and
/// cosine similarity through an inverted index, so a call-taker facing "新生儿医保怎么办理" sees how the same
/// question was answered before. Questions and replies are masked for personal data when shown.
/// </summary>
public sealed class KnowledgeBase
{
    private readonly IReadOnlyList<KbEntry> _entries;
    private readonly TfIdfVectors _tf;
    private readonly Dictionary<int, List<int>> _postings = [];
    public int Count => _entries.Count;

    public KnowledgeBase(IReadOnlyList<KbEntry> entries)
    {
        _entries = entries;
        _tf = new TfIdfVectors(entries.Select(e => ("", e.Question)).ToList());
        for (var i = 0; i < _tf.Vectors.Count; i++)
            foreach (var term in _tf.Vectors[i].Keys)
                (_postings.TryGetValue(term, out var l) ? l : _postings[term] = []).Add(i);
    }

    public List<KbMatch> Nearest(string question, int k = 3, double minSimilarity = 0.2)
    {
        if (_entries.Count == 0) return [];
        var q = _tf.Transform("", question);
        var scores = new Dictionary<int, double>();
        foreach (var (term, w) in q)
            if (_postings.TryGetValue(term, out var docs))
                foreach (var d in docs) scores[d] = scores.GetValueOrDefault(d) + w * _tf.Vectors[d][term];
        return scores.Where(kv => kv.Value >= minSimilarity).OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key)
            .Take(k)
            .Select(kv =>
            {
                var e = _entries[kv.Key];
                return new KbMatch(e.Id, Math.Round(kv.Value, 3), TextMasker.Mask(e.Question),
                    TextMasker.Mask(e.Reply), e.Category, e.AnsweredAt);
            }).ToList();
    }
}

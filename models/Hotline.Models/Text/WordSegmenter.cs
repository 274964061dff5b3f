using JiebaNet.Segmenter;
using JiebaNet.Segmenter.PosSeg;

namespace Hotline.Models.Text;

/// <summary>
/// Chinese word segmentation with jieba's dictionary (jieba.NET), so that words such as 油烟 or 拖欠工资 become
/// features alongside character n-grams. Loading the dictionary takes about a second, so one instance is
/// shared; jieba's Cut is safe to call from several threads once loaded.
/// </summary>
public static class WordSegmenter
{
    private static readonly Lazy<JiebaSegmenter> Instance = new(() =>
    {
        ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, "jieba");
        return new JiebaSegmenter();
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<PosSegmenter> Tagger = new(() => new PosSegmenter(Instance.Value),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Words with jieba's part-of-speech flags (n noun, ns place, nt organisation, v verb, p preposition, …). The
    /// tagger's HMM keeps no state between calls.
    /// </summary>
    public static IEnumerable<(string Word, string Flag)> Tag(string text) =>
        string.IsNullOrEmpty(text) ? [] : Tagger.Value.Cut(text, hmm: true).Select(p => (p.Word, p.Flag));

    /// <summary>
    /// Words separated by spaces (punctuation and whitespace dropped), ready for a word-bag featurizer.
    /// </summary>
    public static string Segment(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var words = Instance.Value.Cut(text, cutAll: false, hmm: true)
            .Where(w => w.Length > 0 && !w.All(c => char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c)));
        return string.Join(' ', words);
    }
}

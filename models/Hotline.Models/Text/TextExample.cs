using Microsoft.ML.Data;

namespace Hotline.Models.Text;

/// <summary>
/// One labelled text as ML.NET reads it. Title and body are kept apart so the title can be weighted (it is
/// the caller's own summary); Context holds categorical tokens (request type, channel, county) that are
/// featurized separately from the text.
/// </summary>
public sealed class TextExample
{
    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public string Context { get; set; } = "";
    /// <summary>
    /// Title and body segmented into words (filled by <see cref="WordSegmenter"/> before training or scoring).
    /// </summary>
    public string Words { get; set; } = "";
    /// <summary>Example weight (class balancing); 1 when scoring.</summary>
    public float Weight { get; set; } = 1;
    public string Label { get; set; } = "";
}

/// <summary>ML.NET output: scores over the label key's values, in key order.</summary>
public sealed class TextScore
{
    [ColumnName("Score")]
    public float[] Score { get; set; } = [];
}

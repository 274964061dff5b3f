using Microsoft.ML;
using Microsoft.ML.Transforms.Text;

namespace Hotline.Models.Text;

/// <summary>
/// How Chinese ticket text becomes features. Chinese has no spaces, so ML.NET's word tokenizer would see
/// each sentence as one "word": the workhorse is character n-grams (1–3), TF-IDF weighted and L2-normalised.
/// The title gets its own n-gram bag so a short, telling title is not drowned by a long body.
/// </summary>
public sealed record TextFeatures
{
    public int CharNgrams { get; init; } = 3;
    /// <summary>
    /// Most n-grams kept per length (0: all). Bounds the weights of models with hundreds of classes (an imported
    /// city's units), whose training time grows with features × classes.
    /// </summary>
    public int MaxNgramsPerLength { get; init; }
    public bool SeparateTitle { get; init; } = true;
    public bool UseContext { get; init; } = true;
    /// <summary>Word unigrams and bigrams from jieba segmentation, in addition to character n-grams.</summary>
    public bool UseWords { get; init; } = true;
    /// <summary>Weight classes inversely to their frequency, so small classes count in macro-F1.</summary>
    public bool BalanceClasses { get; init; } = true;
    /// <summary>
    /// How far balancing goes: class weight (N / (K·n))^power; 1 is full balance, 0.5 the square root (big classes
    /// still count more, but a catch-all that answered a quarter of the history no longer swamps the rest).
    /// </summary>
    public double BalancePower { get; init; } = 1;
    /// <summary>L2 regularisation of the linear trainers (chosen on validation data; see docs/models.md).</summary>
    public float L2 { get; init; } = 1e-4f;
    /// <summary>
    /// Optimiser iterations (L-BFGS; SDCA gets a fifth as many passes): the main lever on training time.
    /// </summary>
    public int Iterations { get; init; } = 100;

    public IEstimator<Microsoft.ML.ITransformer> Build(MLContext ml)
    {
        TextFeaturizingEstimator.Options Options() => new()
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = true,
            KeepPunctuations = false,
            KeepNumbers = true,
            WordFeatureExtractor = null,
            CharFeatureExtractor = new WordBagEstimator.Options
            {
                NgramLength = CharNgrams, UseAllLengths = true,
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
                MaximumNgramsCount = MaxNgramsPerLength > 0
                    ? Enumerable.Repeat(MaxNgramsPerLength, CharNgrams).ToArray()
                    : new WordBagEstimator.Options().MaximumNgramsCount,
            },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var columns = new List<string> { "BodyFeatures" };
        // Without a separate title, callers put title and body together in Body (see TextExample.Combine).
        IEstimator<Microsoft.ML.ITransformer> pipe = ml.Transforms.Text.FeaturizeText("BodyFeatures", Options(),
            nameof(TextExample.Body));
        if (SeparateTitle)
        {
            pipe = pipe.Append(ml.Transforms.Text.FeaturizeText("TitleFeatures", Options(), nameof(TextExample.Title)));
            columns.Add("TitleFeatures");
        }
        if (UseWords)
        {
            pipe = pipe.Append(ml.Transforms.Text.FeaturizeText("WordFeatures", new TextFeaturizingEstimator.Options
            {
                CaseMode = TextNormalizingEstimator.CaseMode.Lower,
                KeepPunctuations = false,
                KeepNumbers = true,
                CharFeatureExtractor = null,
                WordFeatureExtractor = new WordBagEstimator.Options
                {
                    NgramLength = 2, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
                },
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            }, nameof(TextExample.Words)));
            columns.Add("WordFeatures");
        }
        if (UseContext)
        {
            pipe = pipe.Append(ml.Transforms.Text.TokenizeIntoWords("ContextTokens", nameof(TextExample.Context),
                [' ']))
                .Append(ml.Transforms.Conversion.MapValueToKey("ContextKeys", "ContextTokens"))
                .Append(ml.Transforms.Text.ProduceNgrams("ContextFeatures", "ContextKeys", ngramLength: 1,
                    useAllLengths: false));
            columns.Add("ContextFeatures");
        }
        return pipe.Append(ml.Transforms.Concatenate("Features", columns.ToArray()));
    }
}

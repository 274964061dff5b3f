using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Hotline.Models.Text;

/// <summary>The multiclass trainers compared on held-out data (docs/models.md has the table).</summary>
public static class Trainers
{
    public static readonly string[] Names = ["lbfgs-maxent", "sdca-maxent", "ova-svm", "ova-sdca-svm"];

    public static IEstimator<ITransformer> Create(MLContext ml, string name, int threads, float l2 = 1e-4f,
        int iterations = 100) => name switch
        {
            // Maximum entropy (multinomial logistic regression): probabilities come out calibrated-ish by construction.
            "lbfgs-maxent" => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new()
            {
                L2Regularization = l2, L1Regularization = 0f, ExampleWeightColumnName = nameof(TextExample.Weight),
                OptimizationTolerance = 1e-5f, HistorySize = 20,
                NumberOfThreads = threads, MaximumNumberOfIterations = iterations,
            }),
            "sdca-maxent" => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new()
            {
                L2Regularization = l2 / 10, ExampleWeightColumnName = nameof(TextExample.Weight),
                NumberOfThreads = threads, MaximumNumberOfIterations = Math.Max(5, iterations / 5),
            }),
            // One-versus-all linear SVMs: the classic strong text baseline; scores are margins, not probabilities.
            // Example weights carry the class balance, as scikit-learn's class_weight="balanced" does.
            "ova-svm" => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.LinearSvm(new LinearSvmTrainer.Options
                {
                    NumberOfIterations = 30, ExampleWeightColumnName = nameof(TextExample.Weight),
                }), useProbabilities: false),
            // The same one-versus-all SVMs solved in the dual by coordinate ascent (SDCA with the hinge loss is the
            // dual coordinate descent of liblinear, Hsieh et al. 2008), which converges where Pegasos' 30 passes
            // do not.
            "ova-sdca-svm" => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.SdcaNonCalibrated(new SdcaNonCalibratedBinaryTrainer.Options
                {
                    // A tenth of the maxent penalty, as for SDCA above (1e-5 beat 1e-4 by a point in cross-validation).
                    LossFunction = new HingeLoss(), L2Regularization = l2 / 10,
                    ExampleWeightColumnName = nameof(TextExample.Weight), NumberOfThreads = 1,
                    MaximumNumberOfIterations = Math.Max(10, iterations / 2),
                }), useProbabilities: false),
            _ => throw new ArgumentException($"unknown trainer '{name}'; choose one of {string.Join(", ", Names)}"),
        };
}

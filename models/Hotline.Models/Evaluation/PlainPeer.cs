namespace Hotline.Models.Evaluation;

/// <summary>
/// The simplest strong peer every routing evaluation prints next to the assistant: character 1–3-gram TF-IDF and
/// one-versus-all linear SVMs with balanced class weights, trained on ticket contents alone (no title, no
/// context) to predict the lead unit's kind (the centre when no unit led). If the assistant, with everything it
/// knows, scores below this on some set, its pipeline is losing what the data holds.
/// </summary>
public sealed class PlainPeer
{
    private readonly TextClassifier _classifier;

    private PlainPeer(TextClassifier classifier) => _classifier = classifier;

    public static readonly TextFeatures Features = new()
    {
        CharNgrams = 3, SeparateTitle = false, UseContext = false, UseWords = false, BalanceClasses = true,
    };

    public static string KindOf(RoutingExample x) =>
        x.LeadUnit is null ? SpecialUnits.Centre : RouteTemplates.TemplateOf(x.LeadUnit);

    public static PlainPeer Train(IEnumerable<RoutingExample> train, int seed) =>
        new(TextClassifier.Train(train.Select(x => new TextExample { Body = x.Content, Label = KindOf(x) }).ToList(),
            Features, "ova-svm", seed));

    /// <summary>The peer's answer: its ranked kinds, and a transfer when the first is an emergency service.</summary>
    public DispatchAnswer Answer(string content)
    {
        var top = _classifier.Top(new TextExample { Body = content }, 3).Select(r => r.Label).ToList();
        var disposition = DispositionExtensions.TransferTo(top[0])
            ?? (top[0] == SpecialUnits.Centre ? Disposition.Centre : Disposition.Dispatch);
        return new DispatchAnswer(top, disposition, null);
    }
}

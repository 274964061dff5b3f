namespace Hotline.Simulator;

/// <summary>
/// Callers: most are new each time; a few percent call again about the same unsolved matter; a handful of
/// abusive callers phone many times a day with no real matter (L46, T32, B40: surfaced for staff review).
/// Phone numbers are random mobile numbers; the pseudonymous caller id is what the centre's system would issue.
/// </summary>
public sealed class CallerModel
{
    public IReadOnlyList<Caller> Abusive { get; }

    public CallerModel(SimulatorOptions o)
    {
        var rng = new SimRandom(SimRandom.Derive(o.Seed, "abusive-callers"));
        var n = Math.Clamp(o.TicketsPerDay / 600, 3, 40);
        Abusive = Enumerable.Range(0, n).Select(_ => New(rng, "person", abusive: true)).ToList();
    }

    public static Caller New(SimRandom rng, string kind, bool abusive = false)
    {
        var prefix = kind == "company" ? "E" : "P";
        var phone = "13456789"[rng.Int(7)] + rng.Digits(9);
        return new Caller(prefix + rng.Digits(12), phone, kind, abusive);
    }
}

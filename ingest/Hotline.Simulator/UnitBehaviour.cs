namespace Hotline.Simulator;

/// <summary>
/// How one handling unit works, drawn once per unit from the seed: sign-for speed, how much of the deadline it
/// uses, how often it is late, asks for extensions, and how satisfied its callers end up. These differences are
/// what the unit scorecard and supervision digest must find.
/// </summary>
public sealed record UnitBehaviour(double SignMedianMinutes, double ReplyShare, double OverdueRate,
    double ExtensionRate, double Satisfaction)
{
    public static UnitBehaviour Draw(string unitId, int seed)
    {
        var rng = new SimRandom(SimRandom.Derive(seed, "unit:" + unitId));
        var quality = rng.Normal(0, 1); // one latent "how well run" factor drives all traits, as in real scorecards
        return new UnitBehaviour(
            SignMedianMinutes: Math.Clamp(60 * Math.Exp(-0.5 * quality + rng.Normal(0, 0.4)), 5, 600),
            ReplyShare: Math.Clamp(0.45 - 0.1 * quality + rng.Normal(0, 0.08), 0.1, 0.9),
            OverdueRate: Math.Clamp(0.06 - 0.03 * quality + rng.Normal(0, 0.015), 0.005, 0.25),
            ExtensionRate: Math.Clamp(0.04 + rng.Normal(0, 0.015), 0.0, 0.12),
            Satisfaction: Math.Clamp(0.80 + 0.06 * quality + rng.Normal(0, 0.03), 0.5, 0.97));
    }
}

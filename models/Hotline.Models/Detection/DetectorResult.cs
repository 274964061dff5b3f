namespace Hotline.Models.Detection;

/// <summary>
/// One time point of a count detector: what was observed, what was expected, the count above which it alarms,
/// and the detector's own statistic (z-score, CUSUM sum, exceedance score). Null expected/threshold: the
/// detector could not judge this point (not enough history).
/// </summary>
public readonly record struct DetectorPoint(int Index, double Observed, double? Expected, double? Threshold,
    double? Statistic, bool Alarm)
{
    public static DetectorPoint NotJudged(int index, double observed) => new(index, observed, null, null, null, false);
}

/// <summary>A detector that reads a whole count series and judges every point using only earlier points.</summary>
public interface ICountDetector
{
    string Name { get; }
    /// <summary>Judges every point; point t uses counts[0..t] only (no look-ahead).</summary>
    DetectorPoint[] Run(IReadOnlyList<double> counts);
}

namespace Hotline.Models.Warning.Detectors;

/// <summary>
/// When the seasonal category groups of categories.csv (column season) are in season in northern China:
/// heating calls come with the heating period (15 Nov – 15 Mar in Shandong, trial runs in October), flooding with the
/// rainy
/// season, school admission with the summer enrolment, wage arrears before the Spring Festival, power cuts with
/// summer heat. A rise of such tickets in season is expected, whatever its size: it is reported, at low severity.
/// </summary>
public static class SeasonCalendar
{
    public static bool InSeason(string? season, DateTime at) => season switch
    {
        "heating" => at.Month is 10 or 11 or 12 or 1 or 2 or 3,
        // October: trial runs and "when does heating start" calls
        "flood" => at.Month is >= 6 and <= 9,
        "school_admission" => at.Month is >= 6 and <= 8,
        "wage_festival" => at.Month is 12 or 1 or 2,
        "summer_power" => at.Month is >= 6 and <= 8,
        _ => false,
    };
}

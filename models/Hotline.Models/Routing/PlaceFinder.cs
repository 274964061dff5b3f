namespace Hotline.Models.Routing;

/// <summary>
/// The county (and township) a ticket's text names, for requests that come without a place: callers say
/// "沂水县城沂城街道这边" far more often than the intake form's county is filled in for `hotline route`. Only
/// full official names count (兰山区, 沂城街道, 高新区): short forms such as 沂水 or 河东 are also a river
/// and a direction. The longest name wins, a township before its county.
/// </summary>
public sealed class PlaceFinder
{
    private readonly (string Name, string Code, string Level)[] _names;

    public PlaceFinder(ReferenceData reference)
    {
        var names = new List<(string, string, string)>();
        foreach (var a in reference.Areas.Where(a => a.Level is "county" or "township"))
        {
            names.Add((a.Name, a.Code, a.Level));
            // 临沂高新技术产业开发区 is 高新区 to everyone who lives there.
            if (a.Name.EndsWith("高新技术产业开发区", StringComparison.Ordinal)) names.Add(("高新区", a.Code, a.Level));
        }
        _names = names.Where(n => n.Item1.Length >= 3).OrderByDescending(n => n.Item1.Length)
            .ThenBy(n => n.Item2, StringComparer.Ordinal).ToArray();
    }

    /// <summary>(county, township) named in the text; either may be null.</summary>
    public (string? County, string? Township) Find(string text, UnitDirectory units)
    {
        foreach (var (name, code, level) in _names)
        {
            if (!text.Contains(name, StringComparison.Ordinal)) continue;
            return level == "township" ? (units.CountyOf(code), code) : (code, null);
        }
        return (null, null);
    }
}

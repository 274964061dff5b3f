namespace Hotline.Simulator;

/// <summary>A concrete place a ticket is about.</summary>
public sealed record Place(Area County, Area Township, string Compound, string Road, double Lat, double Lon);

/// <summary>
/// Where tickets come from: county and township in proportion to population, with invented residential
/// compound names (slot-filled from the phrase bank) and coordinates jittered around the township centroid.
/// </summary>
public sealed class PlaceModel
{
    private readonly Area[] _townships;
    private readonly double[] _townshipCumulative;
    private readonly Dictionary<string, Area> _counties;
    private readonly PhraseBank _phrases;

    public PlaceModel(ReferenceData reference, PhraseBank phrases)
    {
        _phrases = phrases;
        _counties = reference.Areas.Where(a => a.Level == "county").ToDictionary(a => a.Code);
        _townships = reference.Areas.Where(a => a.Level == "township" && a.ParentCode is not null
            && _counties.ContainsKey(a.ParentCode)).ToArray();
        // Urban streets generate more tickets per resident than rural towns: people there call more.
        _townshipCumulative = SimRandom.Cumulative(_townships.Select(t =>
            t.Population * (t.Kind == "street" ? 1.8 : 1.0)));
    }

    public IReadOnlyList<Area> Townships => _townships;
    public Area County(string code) => _counties[code];

    public Place Draw(SimRandom rng) => At(_townships[rng.Weighted(_townshipCumulative)], rng);

    public Place DrawIn(string countyCode, SimRandom rng)
    {
        var candidates = _townships.Where(t => t.ParentCode == countyCode).ToArray();
        return At(candidates[rng.Int(candidates.Length)], rng);
    }

    public Place At(Area township, SimRandom rng)
    {
        var compound = CompoundName(rng);
        var road = Pool("road", rng, "沂蒙路");
        var (lat, lon) = Jitter(township.Lat, township.Lon, 0.02, rng);
        return new Place(_counties[township.ParentCode!], township, compound, road, lat, lon);
    }

    public string CompoundName(SimRandom rng) => Pool("compound_prefix", rng, "阳光")
        + Pool("compound_suffix", rng, "小区");

    public string Pool(string key, SimRandom rng, string fallback)
    {
        var pool = _phrases.Get("_shared", key);
        return pool.Length == 0 ? fallback : pool[rng.Int(pool.Length)];
    }

    public static (double Lat, double Lon) Jitter(double lat, double lon, double degrees, SimRandom rng) =>
        (Math.Round(lat + rng.Normal(0, degrees / 2), 5), Math.Round(lon + rng.Normal(0, degrees / 2), 5));
}

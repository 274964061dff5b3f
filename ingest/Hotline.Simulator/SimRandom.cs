namespace Hotline.Simulator;

/// <summary>
/// Seeded randomness with the draws the simulator needs. Wraps System.Random(seed), whose seeded sequence is
/// stable across runs and platforms; sub-streams come from <see cref="Derive"/> (SplitMix64), never from
/// string.GetHashCode, which is randomised per process.
/// </summary>
public sealed class SimRandom(int seed)
{
    private readonly Random _r = new(seed);

    public static int Derive(int seed, string stream, long index = 0)
    {
        ulong h = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)index * 0xBF58476D1CE4E5B9UL;
        foreach (var c in stream) h = Mix(h ^ c);
        return (int)(Mix(h) & 0x7FFFFFFF);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double Next() => _r.NextDouble();
    public int Int(int maxExclusive) => _r.Next(maxExclusive);
    public int Int(int min, int maxExclusive) => _r.Next(min, maxExclusive);
    public bool Chance(double p) => _r.NextDouble() < p;
    public T Pick<T>(IReadOnlyList<T> items) => items[_r.Next(items.Count)];
    public string Digits(int n)
    {
        Span<char> s = stackalloc char[n];
        for (var i = 0; i < n; i++) s[i] = (char)('0' + _r.Next(10));
        return new string(s);
    }

    public double Normal(double mean = 0, double sd = 1)
    {
        // Box–Muller; one value per call keeps the stream simple and reproducible.
        var u1 = 1.0 - _r.NextDouble();
        var u2 = _r.NextDouble();
        return mean + sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public double LogNormal(double median, double sigma) => median * Math.Exp(Normal(0, sigma));

    public int Poisson(double lambda)
    {
        if (lambda <= 0) return 0;
        if (lambda > 30) return Math.Max(0, (int)Math.Round(Normal(lambda, Math.Sqrt(lambda))));
        var l = Math.Exp(-lambda);
        var k = 0;
        var p = 1.0;
        do { k++; p *= _r.NextDouble(); } while (p > l);
        return k - 1;
    }

    /// <summary>Index drawn in proportion to cumulative weights (ascending, last = total).</summary>
    public int Weighted(double[] cumulative)
    {
        var x = _r.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, x);
        if (i < 0) i = ~i;
        return Math.Min(i, cumulative.Length - 1);
    }

    public static double[] Cumulative(IEnumerable<double> weights)
    {
        var list = new List<double>();
        var sum = 0.0;
        foreach (var w in weights) { sum += Math.Max(0, w); list.Add(sum); }
        return list.ToArray();
    }
}

using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Hotline.Ingest.Time;
using Xunit.Abstractions;

namespace Hotline.Ingest.Tests.Contract;

/// <summary>
/// Thousands of malformed events through the real parser: arbitrary bytes, arbitrary text, and mutations of valid
/// simulator events (a field removed, renamed or given a hostile value; the bytes truncated, flipped or spliced).
/// The parser must never throw, and every rejection must carry a known code and a message naming what was wrong,
/// because that message is what the producer's owner reads in the dead-letter store.
/// Inputs come from FsCheck generators sampled with a fixed seed, so a failure replays exactly.
/// </summary>
public sealed class EventParserFuzzTests(ITestOutputHelper output)
{
    // Mutations are cheap (about 10 µs each): 100k of them cover the hostile values in every field of every event type.
    private const int Arbitrary = 8_000, Mutations = 100_000;
    private static readonly HashSet<string> KnownCodes =
    [
        Rejection.NotJson, Rejection.UnknownType, Rejection.MissingField, Rejection.InvalidField,
            Rejection.ImpossibleTime,
        Rejection.Oversized, Rejection.UnsupportedVersion, Rejection.UnknownReference,
    ];

    private static readonly EventParser Parser = new(ReferenceData.Default.Codes(),
        ChinaClock.Fixed(new DateTime(2026, 1, 1)));

    /// <summary>
    /// Values that have broken parsers before: wrong types, extremes, control and surrogate characters, deep nesting.
    /// </summary>
    private static readonly JsonNode?[] Hostile =
    [
        null, "", " ", "null", "\u0000", "n1\u0000resend", "\u0085", "\u2028", "\ud800", "\uffff", "😀", "' OR 1=1 --",
            "../../etc/passwd", "%00",
            new string('x', 70_000),
        0, -1, int.MaxValue, long.MinValue, 1e308, -0.0, 3.5, true, false,
        "0001-01-01T00:00:00", "9999-12-31T23:59:59+08:00", "9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00+14:00",
            "0001-01-01T00:00:00-14:00", 1e300, double.MaxValue, "2025-02-30T10:00:00+08:00", "2025-06-01",
            "2025-06-01T25:61:00Z",
        new JsonArray(), new JsonArray(1, "a", null), new JsonObject(),
            new JsonObject { ["a"] = new JsonObject { ["b"] = 1 } },
    ];

    private static Gen<string> Text() =>
        Gen.Frequency(
            (4, Gen.Elements("{}[]\":,\\ntrue false null 0123456789.-+eE \t".ToCharArray())),
            (3, Gen.Choose(0x20, 0x7e).Select(c => (char)c)),
            (2, Gen.Choose(0x4e00, 0x9fa5).Select(c => (char)c)),
            (1, Gen.Choose(0, 0x1f).Select(c => (char)c)),
            (1, Gen.Choose(0xd800, 0xdfff).Select(c => (char)c)))
        .ArrayOf().Select(cs => new string(cs));

    private static Gen<byte[]> Bytes() => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf();

    private static IEnumerable<T> Sample<T>(Gen<T> gen, int count, ulong seed) => gen.Sample(count, new Rnd(seed), 60);

    private void Check(byte[] raw, string what, ref int accepted)
    {
        ParseOutcome outcome;
        try { outcome = Parser.Parse(raw); }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"parser threw {ex.GetType().Name} "
            + $"on {what}: {Preview(raw)}\n{ex}");
        }
        Assert.True(outcome.Event is null != (outcome.Rejection is null),
            $"exactly one of event/rejection must be set for {what}: {Preview(raw)}");
        if (outcome.Event is not null) { accepted++; return; }
        Assert.Contains(outcome.Rejection!.Code, KnownCodes);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Rejection.Message), $"empty rejection message for {what}");
        Assert.True(outcome.Rejection.Message.Length <= 400,
            $"rejection message too long to read ({outcome.Rejection.Message.Length} chars)");
    }

    private static string Preview(byte[] raw) => Convert.ToBase64String(raw, 0, Math.Min(raw.Length, 300));

    /// <summary>The two crashes this fuzz found first, kept as named regressions.</summary>
    [Theory]
    [InlineData("invalid UTF-8 in a string", new byte[] { 0xC3, 0x28 })]
    [InlineData("escaped lone surrogate", new byte[] { 0x5C, 0x75, 0x64, 0x38, 0x30, 0x30 })]
    public void Strings_that_are_not_text_are_rejected(string why, byte[] inside)
    {
        var valid = EventJson.ToUtf8(Hotline.TestKit.TestData.Simulate(days: 1, perDay: 5, seed: 3)[0]);
        var at = Encoding.UTF8.GetString(valid).IndexOf("\"type\":\"", StringComparison.Ordinal) + 8;
        byte[] raw = [.. valid[..at], .. inside, .. valid[at..]];
        var outcome = Parser.Parse(raw);
        Assert.True(outcome.Rejection is not null, why);
        Assert.Contains(outcome.Rejection!.Code, KnownCodes);
    }

    [Fact]
    public void Arbitrary_bytes_and_text_are_rejected_with_a_reason_never_a_crash()
    {
        var accepted = 0;
        var n = 0;
        foreach (var bytes in Sample(Bytes(), Arbitrary / 2, 17)) { Check(bytes, "random bytes", ref accepted); n++; }
        foreach (var text in Sample(Text(), Arbitrary / 2, 18))
        {
            Check(Encoding.UTF8.GetBytes(text), "random text",
            ref accepted); n++;
        }
        Check(Encoding.UTF8.GetBytes(new string('[', 100_000)), "deep nesting", ref accepted);
        Check(Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 5_000) + new string(']', 5_000) + "}"),
            "nested value", ref accepted);
        n += 2;
        Assert.Equal(0, accepted);
        output.WriteLine($"{n} arbitrary inputs: 0 crashes, all rejected with a known code");
    }

    [Fact]
    public void Mutated_valid_events_never_crash_the_parser()
    {
        var valid = Hotline.TestKit.TestData.Simulate(days: 2, perDay: 60, seed: 23).Select(EventJson.ToUtf8).ToArray();
        var accepted = 0;
        foreach (var raw in valid) Check(raw, "valid event", ref accepted);
        Assert.Equal(valid.Length, accepted); // the fuzz starts from events the parser accepts

        var mutation =
            from i in Gen.Choose(0, valid.Length - 1)
            from kind in Gen.Choose(0, 7)
            from pick in Gen.Choose(0, 1_000_000)
            from hostile in Gen.Choose(0, Hostile.Length - 1)
            from noise in Bytes()
            select (i, kind, pick, hostile, noise);

        accepted = 0;
        var tried = 0;
        foreach (var (i, kind, pick, hostile, noise) in Sample(mutation, Mutations, 29))
        {
            var raw = Mutate(valid[i], kind, pick, Hostile[hostile], noise);
            Check(raw, $"mutation {kind} of event {i}", ref accepted);
            tried++;
        }
        // Some mutations are harmless (an unknown extra field, a truncation of nothing); most must be refused.
        Assert.InRange(accepted, 0, tried * 3 / 4);
        output.WriteLine($"{tried} mutated events: 0 crashes, {tried - accepted} rejected with a "
            + $"reason, {accepted} still valid");
    }

    private static byte[] Mutate(byte[] raw, int kind, int pick, JsonNode? hostile, byte[] noise)
    {
        var obj = JsonNode.Parse(raw)!.AsObject();
        var names = obj.Select(p => p.Key).ToArray();
        var name = names[pick % names.Length];
        switch (kind)
        {
            case 0: obj.Remove(name); break;
            case 1: obj[name] = hostile?.DeepClone(); break;
            case 2: { var v = obj[name]?.DeepClone(); obj.Remove(name); obj[name.ToUpperInvariant() + "_"] = v; break; }
            case 3: obj["extra_" + pick] = hostile?.DeepClone(); break;
            case 4: return raw[..(pick % raw.Length)];
            case 5:
                {
                    var copy = (byte[])raw.Clone();
                    copy[pick % copy.Length] ^= (byte)(1 << (pick % 8));
                    return copy;
                }
            case 6: { var at = pick % raw.Length; return [.. raw[..at], .. noise, .. raw[at..]]; }
            default:
                return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(raw)
                .Replace("{", "{\"" + name + "\":1,", StringComparison.Ordinal));
        }
        return Encoding.UTF8.GetBytes(obj.ToJsonString());
    }
}

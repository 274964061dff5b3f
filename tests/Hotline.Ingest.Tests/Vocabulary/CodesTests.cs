using System.Text.Json;

namespace Hotline.Ingest.Tests.Vocabulary;

/// <summary>
/// The codes are stored in warehouses and travel in JSON and files; renaming an enum member must never change them.
/// These are the strings every earlier warehouse holds.
/// </summary>
public sealed class CodesTests
{
    [Fact]
    public void Disposition_codes_are_the_stored_strings()
    {
        Assert.Equal(
            ["dispatch", "transfer_110", "transfer_119", "transfer_120", "transfer_122", "kb_answer", "legal_channel",
             "outside_city", "centre", "abstain", "repeat", "abusive"],
            Codes.All<Disposition>().Select(d => d.Code()));
        Assert.Equal(["low", "medium", "high", "critical"], Codes.All<Severity>().Select(d => d.Code()));
    }

    [Fact]
    public void Json_and_codes_agree_both_ways()
    {
        foreach (var d in Codes.All<Disposition>())
        {
            Assert.Equal($"\"{d.Code()}\"", JsonSerializer.Serialize(d));
            Assert.Equal(d, JsonSerializer.Deserialize<Disposition>($"\"{d.Code()}\""));
            Assert.Equal(d, Codes.Parse<Disposition>(d.Code()));
        }
        Assert.False(Codes.TryParse<Severity>("urgent", out _));
        Assert.Throws<ArgumentException>(() => Codes.Parse<Severity>("High"));
    }
}

namespace Hotline.Ingest.Tests.Contract;

/// <summary>
/// The parser reads plain field names and codes straight from the bytes and takes a slower path for escaped ones
/// (EventFields): both paths must give the same answer, including on names repeated in two spellings.
/// </summary>
public class EscapedJsonTests
{
    private static readonly EventParser Parser = new(ReferenceData.Default.Codes());

    private static ParseOutcome Parse(string json) => Parser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Escaped_names_codes_and_times_read_as_their_plain_spelling()
    {
        var plain = EventJson.ToUtf8(TestData.Simulate(days: 1, perDay: 20, seed: 4)
            .First(e => e.Type == EventTypes.Created && e.Channel is not null));
        var text = Encoding.UTF8.GetString(plain);
        var expected = Parser.Parse(plain).Event!;
        // \u0074ype, a channel spelt with an escape, a time whose digits are escaped, a unit-free created event.
        var escaped = text.Replace("\"type\"", "\"\\u0074ype\"", StringComparison.Ordinal)
            .Replace($"\"channel\":\"{expected.Channel}\"",
                $"\"channel\":\"\\u00{(int)expected.Channel![0]:x2}{expected.Channel[1..]}\"", StringComparison.Ordinal)
            .Replace("\"occurred_at\":\"2", "\"occurred_at\":\"\\u0032", StringComparison.Ordinal);
        Assert.NotEqual(text, escaped);
        var outcome = Parse(escaped);
        Assert.True(outcome.Event is not null, outcome.Rejection?.ToString());
        Assert.Equal(expected, outcome.Event);
    }

    [Fact]
    public void A_name_repeated_in_two_spellings_is_refused()
    {
        var outcome = Parse("""{"schema_version":1,"type":"closed","\u0074ype":"created","event_id":"e1","ticket_id":"t1","occurred_at":"2025-03-01T08:00:00+08:00"}""");
        Assert.Equal(Rejection.InvalidField, outcome.Rejection?.Code);
        Assert.Contains("'type' appears more than once", outcome.Rejection!.Message, StringComparison.Ordinal);
        var unknown = Parse("""{"schema_version":1,"x_note":1,"x_n\u006fte":2,"type":"closed","event_id":"e1","ticket_id":"t1","occurred_at":"2025-03-01T08:00:00+08:00"}""");
        Assert.Contains("'x_note' appears more than once", unknown.Rejection?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_errors_after_a_repeated_name_are_reported_as_not_json()
    {
        // The whole input must be JSON before its names are judged.
        var outcome = Parse("""{"type":"closed","type":"closed","event_id":""");
        Assert.Equal(Rejection.NotJson, outcome.Rejection?.Code);
        Assert.Equal(Rejection.NotJson, Parse("""{"a":1} {"b":2}""").Rejection?.Code);
        Assert.StartsWith("expected a JSON object, got Array", Parse("[1,2]").Rejection?.Message,
            StringComparison.Ordinal);
    }
}

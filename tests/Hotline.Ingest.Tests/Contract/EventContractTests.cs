namespace Hotline.Ingest.Tests.Contract;

public class EventContractTests
{
    private static readonly EventParser Parser = new(ReferenceData.Default.Codes());

    [Fact]
    public void Every_simulated_event_type_round_trips_through_json()
    {
        var events = TestData.Simulate(days: 8, perDay: 500);
        Assert.Equal(EventTypes.All.Order(), events.Select(e => e.Type).Distinct().Order());
        foreach (var e in events)
        {
            var outcome = Parser.Parse(EventJson.ToUtf8(e));
            Assert.True(outcome.Event is not null, $"{e.EventId}: {outcome.Rejection}");
            Assert.Equal(e, outcome.Event);
        }
    }

    [Fact]
    public void Offsets_other_than_china_are_normalised_to_local_time()
    {
        var json = """{"schema_version":1,"event_id":"e1","type":"closed","ticket_id":"t1","occurred_at":"2025-03-01T00:30:00Z"}""";
        var e = Parser.Parse(Encoding.UTF8.GetBytes(json)).Event!;
        Assert.Equal(new DateTime(2025, 3, 1, 8, 30, 0), e.OccurredAt);
    }

    public static TheoryData<string, string> BadInputs() => new()
    {
        { "this is not json", Rejection.NotJson },
        { """{"schema_version":1,"event_id":"e1","type":"created" """, Rejection.NotJson },
        { "[1,2,3]", Rejection.NotJson },
        { """{"schema_version":1,"event_id":"e1","type":"teleported","ticket_id":"t1","occurred_at":"2025-03-01T08:00:00+08:00"}""", Rejection.UnknownType },
        { """{"schema_version":1,"type":"closed","ticket_id":"t1","occurred_at":"2025-03-01T08:00:00+08:00"}""", Rejection.MissingField },
        { """{"schema_version":1,"event_id":"e1","type":"signed","ticket_id":"t1","occurred_at":"2025-03-01T08:00:00+08:00"}""", Rejection.MissingField },
        { """{"schema_version":1,"event_id":"e1","type":"closed","ticket_id":"t1","occurred_at":"2025-03-01 08:00"}""", Rejection.InvalidField },
        { """{"schema_version":1,"event_id":"e1","type":"callback","ticket_id":"t1","occurred_at":"2025-03-01T08:00:00+08:00","satisfaction":"thrilled","resolved":true}""", Rejection.InvalidField },
        { """{"schema_version":1,"event_id":"e1","type":"closed","ticket_id":"t1","occurred_at":"1970-01-01T08:00:00+08:00"}""", Rejection.ImpossibleTime },
        { """{"schema_version":1,"event_id":"e1","type":"closed","ticket_id":"t1","occurred_at":"2999-01-01T08:00:00+08:00"}""", Rejection.ImpossibleTime },
        { """{"schema_version":1,"event_id":"e1","type":"dispatched","ticket_id":"t1","occurred_at":"2025-03-01T08:00:00+08:00","unit_id":"C-ZJ","role":"lead","deadline_tier":"3wd","due_at":"2025-02-01T08:00:00+08:00"}""", Rejection.ImpossibleTime },
        { """{"schema_version":7,"event_id":"e1","type":"closed","ticket_id":"t1","occurred_at":"2025-03-01T08:00:00+08:00"}""", Rejection.UnsupportedVersion },
        { """{"schema_version":1,"event_id":"e1","type":"signed","ticket_id":"t1","occurred_at":"2025-03-01T08:00:00+08:00","unit_id":"NOT-A-UNIT"}""", Rejection.UnknownReference },
        { "{\"schema_version\":1,\"event_id\":\"e1\",\"type\":\"closed\",\"ticket_id\":\"t1\",\"occurred_at\":\"2025-03-01T08:00:00+08:00\",\"pad\":\"" + new string('x', 70_000) + "\"}", Rejection.Oversized },
    };

    [Theory]
    [InlineData("2025-03-01T08:30:00+08:00")]
    [InlineData("2025-03-01T08:30:00-05:30")]
    [InlineData("2024-02-29T23:59:59+00:00")]
    [InlineData("2024-12-31T23:00:00-14:00")]
    [InlineData("2025-02-30T08:00:00+08:00")]
    [InlineData("2025-13-01T08:00:00+08:00")]
    [InlineData("2025-03-01T24:00:00+08:00")]
    [InlineData("2025-03-01T08:30:00.250+08:00")]
    [InlineData("2025-03-01T08:30:00Z")]
    [InlineData("2025-03-01 08:30:00+08:00")]
    public void Fast_time_parsing_agrees_with_the_general_parser(string text)
    {
        var ok = EventParser.TryParseTime(text, out var local, out _);
        var expectedOk = DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var dto);
        Assert.Equal(expectedOk, ok);
        if (ok) Assert.Equal(dto.ToOffset(TimeSpan.FromHours(8)).DateTime, local);
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_rejected_with_its_reason(string raw, string expectedCode)
    {
        var outcome = Parser.Parse(Encoding.UTF8.GetBytes(raw));
        Assert.Null(outcome.Event);
        Assert.Equal(expectedCode, outcome.Rejection!.Code);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Rejection.Message));
    }

    [Fact]
    public void Created_event_requires_its_core_fields()
    {
        var json = """{"schema_version":1,"event_id":"e1","type":"created","ticket_id":"t1","occurred_at":"2025-03-01T08:00:00+08:00","received_at":"2025-03-01T08:00:00+08:00","channel":"phone","request_type":"complaint","caller_id":"P1"}""";
        var outcome = Parser.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(Rejection.MissingField, outcome.Rejection!.Code);
        Assert.Contains("content", outcome.Rejection.Message);
    }
}

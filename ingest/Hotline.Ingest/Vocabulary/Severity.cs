using System.Text.Json.Serialization;

namespace Hotline.Ingest.Vocabulary;

/// <summary>How serious a risk is (risk_groups.csv) and how serious an alert is; ordered, low to critical.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    [JsonStringEnumMemberName("low")] Low = 0,
    [JsonStringEnumMemberName("medium")] Medium = 1,
    [JsonStringEnumMemberName("high")] High = 2,
    [JsonStringEnumMemberName("critical")] Critical = 3,
}

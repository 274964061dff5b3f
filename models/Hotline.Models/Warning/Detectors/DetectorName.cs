using System.Text.Json.Serialization;

namespace Hotline.Models.Warning.Detectors;

/// <summary>The early-warning detectors, by the names alerts, the CLI and the evaluation use.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DetectorName>))]
public enum DetectorName
{
    [JsonStringEnumMemberName("window-count")] WindowCount,
    [JsonStringEnumMemberName("text-burst")] TextBurst,
    [JsonStringEnumMemberName("named-site")] NamedSite,
    [JsonStringEnumMemberName("space-time-scan")] SpaceTimeScan,
    [JsonStringEnumMemberName("ears-c2")] EarsC2,
    [JsonStringEnumMemberName("cusum")] Cusum,
}

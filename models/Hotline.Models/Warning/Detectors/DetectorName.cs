using System.Text.Json.Serialization;

namespace Hotline.Models.Warning.Detectors;

/// <summary>The early-warning detectors, by the names alerts, the CLI and the evaluation use.</summary>
[JsonConverter(typeof(KebabCaseEnum<DetectorName>))]
public enum DetectorName { WindowCount, TextBurst, NamedSite, SpaceTimeScan, EarsC2, Cusum, RoutingWatchdog }

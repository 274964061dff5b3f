using System.Text.Json.Serialization;

namespace Hotline.Models.Warning.Alerts;

/// <summary>An alert's state, as in Alertmanager: firing until it calms down; silenced while a silence matches.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertStatus>))]
public enum AlertStatus
{
    [JsonStringEnumMemberName("firing")] Firing,
    [JsonStringEnumMemberName("resolved")] Resolved,
    [JsonStringEnumMemberName("silenced")] Silenced,
}

/// <summary>What happened to an alert at a scan (alert_history.change).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertChangeKind>))]
public enum AlertChangeKind
{
    [JsonStringEnumMemberName("opened")] Opened,
    [JsonStringEnumMemberName("updated")] Updated,
    [JsonStringEnumMemberName("escalated")] Escalated,
    [JsonStringEnumMemberName("resolved")] Resolved,
    [JsonStringEnumMemberName("unsilenced")] Unsilenced,
    /// <summary>An open alert nobody acknowledged, sent again after the repeat interval.</summary>
    [JsonStringEnumMemberName("repeat")] Repeat,
}

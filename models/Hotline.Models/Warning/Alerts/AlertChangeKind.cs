using System.Text.Json.Serialization;

namespace Hotline.Models.Warning.Alerts;

/// <summary>
/// What happened to an alert at a scan (alert_history.change). Repeat: an open alert nobody acknowledged, sent again
/// after the repeat interval.
/// </summary>
[JsonConverter(typeof(SnakeCaseEnum<AlertChangeKind>))]
public enum AlertChangeKind { Opened, Updated, Escalated, Resolved, Unsilenced, Repeat }

using System.Text.Json.Serialization;

namespace Hotline.Models.Warning.Alerts;

/// <summary>
/// What happened to an alert at a scan (alert_history.change). Repeat: an open alert nobody acknowledged, sent again
/// after the repeat interval. Acknowledged and Silenced are an operator's actions (`hotline alerts ack`, the
/// console), not a scan's.
/// </summary>
[JsonConverter(typeof(SnakeCaseEnum<AlertChangeKind>))]
public enum AlertChangeKind { Opened, Updated, Escalated, Resolved, Unsilenced, Repeat, Acknowledged, Silenced }

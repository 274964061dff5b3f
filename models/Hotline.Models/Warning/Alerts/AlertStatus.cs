using System.Text.Json.Serialization;

namespace Hotline.Models.Warning.Alerts;

/// <summary>
/// An alert's state, as in Alertmanager: firing until it calms down; silenced while a silence matches.
/// </summary>
[JsonConverter(typeof(SnakeCaseEnum<AlertStatus>))]
public enum AlertStatus { Firing, Resolved, Silenced }

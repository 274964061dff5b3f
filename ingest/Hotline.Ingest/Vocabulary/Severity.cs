using System.Text.Json.Serialization;

namespace Hotline.Ingest.Vocabulary;

/// <summary>How serious a risk is (risk_groups.csv) and how serious an alert is; ordered, low to critical.</summary>
[JsonConverter(typeof(SnakeCaseEnum<Severity>))]
public enum Severity { Low = 0, Medium = 1, High = 2, Critical = 3 }

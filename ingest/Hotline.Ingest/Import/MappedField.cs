namespace Hotline.Ingest.Import;

/// <summary>The fields a mapping can fill (docs/import.md lists what each becomes in the event contract).</summary>
public static class MappedField
{
    public const string Id = "id";
    public const string Opened = "opened";
    public const string Title = "title";
    public const string Content = "content";
    public const string Caller = "caller";
    public const string Channel = "channel";
    public const string RequestType = "request_type";
    public const string District = "district";
    public const string Township = "township";
    public const string Address = "address";
    public const string Lat = "lat";
    public const string Lon = "lon";
    public const string Type = "type";
    public const string Unit = "unit";
    public const string Assist = "assist";
    public const string Department = "department";
    public const string Dispatched = "dispatched";
    public const string Target = "target";
    public const string Replied = "replied";
    public const string ReplyText = "reply_text";
    public const string Closed = "closed";
    public const string Status = "status";
    public const string OnTime = "on_time";
    public const string Reopened = "reopened";
    public const string Satisfaction = "satisfaction";
    public const string Outcome = "outcome";
    public const string Confidential = "confidential";
    public const string DeadlineTier = "deadline_tier";

    public static readonly IReadOnlySet<string> Known = new SortedSet<string>(StringComparer.Ordinal)
    {
        Id, Opened, Title, Content, Caller, Channel, RequestType, District, Township, Address, Lat, Lon, Type, Unit,
        Assist, Department, Dispatched, Target, Replied, ReplyText, Closed, Status, OnTime, Reopened, Satisfaction,
        Outcome, Confidential, DeadlineTier,
    };

    /// <summary>Fields whose values must end up in a closed vocabulary (value maps translate the source's
    /// words).</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Vocabularies =
        new Dictionary<string, IReadOnlySet<string>>
        {
            [Channel] = new HashSet<string> { "phone", "web", "wechat", "sms", "email", "app" },
            [RequestType] = new HashSet<string> { "consultation", "help", "complaint", "report", "suggestion" },
            [Satisfaction] = new HashSet<string> { "satisfied", "basically_satisfied", "unsatisfied" },
            [Outcome] = new HashSet<string> { "resolved", "explained", "partially_resolved", "unresolvable" },
            [Status] = new HashSet<string> { "open", "replied", "closed", "terminated" },
            [OnTime] = new HashSet<string> { "true", "false" },
            [Reopened] = new HashSet<string> { "true", "false" },
            [Confidential] = new HashSet<string> { "true", "false" },
            [DeadlineTier] = new HashSet<string> { "2h", "24h", "3wd", "5wd" },
        };
}

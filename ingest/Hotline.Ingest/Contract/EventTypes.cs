namespace Hotline.Ingest.Contract;

/// <summary>The closed vocabularies of the event contract (docs/events.md). Kept as string sets, not enums,
/// because they travel as snake_case strings in JSON and land as VARCHAR in DuckDB.</summary>
public static class EventTypes
{
    public const int SchemaVersion = 1;

    public const string Created = "created";
    public const string Dispatched = "dispatched";
    public const string Signed = "signed";
    public const string Returned = "returned";
    public const string Extended = "extended";
    public const string Replied = "replied";
    public const string Callback = "callback";
    public const string Reopened = "reopened";
    public const string Supervised = "supervised";
    public const string Terminated = "terminated";
    public const string Closed = "closed";

    public static readonly IReadOnlyList<string> All =
        [Created, Dispatched, Signed, Returned, Extended, Replied, Callback, Reopened, Supervised, Terminated, Closed];

    /// <summary>Lifecycle rank: breaks ties between events of one ticket with equal occurred_at and no seq,
    /// so materialization never depends on arrival order.</summary>
    public static int Rank(string type) => type switch
    {
        Created => 0,
        Dispatched => 1,
        Returned => 2,
        Signed => 3,
        Extended => 4,
        Supervised => 5,
        Replied => 6,
        Callback => 7,
        Reopened => 8,
        Terminated => 9,
        Closed => 10,
        _ => 99,
    };

    public static readonly HashSet<string> Channels = ["phone", "web", "wechat", "sms", "email", "app"];
    public static readonly HashSet<string> RequestTypes = ["consultation", "help", "complaint", "report", "suggestion"];
    public static readonly HashSet<string> CallerKinds = ["person", "company", "organisation"];
    public static readonly HashSet<string> Roles = ["lead", "assist"];
    public static readonly HashSet<string> DeadlineTiers = ["2h", "24h", "3wd", "5wd"];
    public static readonly HashSet<string> Outcomes = ["resolved", "explained", "partially_resolved", "unresolvable"];
    public static readonly HashSet<string> Satisfactions = ["satisfied", "basically_satisfied", "unsatisfied"];
    public static readonly HashSet<string> SupervisionLevels = ["reminder", "hotline", "media", "government",
        "congress", "discipline"];
}

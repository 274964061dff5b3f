using System.Text.Json.Serialization;

namespace Hotline.Ingest.Privacy;

/// <summary>The kinds of reader the centre shares data with.</summary>
[JsonConverter(typeof(KebabCaseEnum<RoleKind>))]
public enum RoleKind
{
    /// <summary>The hotline centre: everything.</summary>
    Centre,
    /// <summary>A handling unit: its own non-confidential tickets.</summary>
    Unit,
    /// <summary>An emergency office: alerts and their evidence.</summary>
    EmergencyOffice,
    /// <summary>The public: published disclosure aggregates only.</summary>
    Public,
    /// <summary>
    /// An intake channel (a citizen app, a mini-program, an Open311 client): submits service requests and follows the
    /// status of the ones it submitted, nothing else.
    /// </summary>
    Intake,
    /// <summary>
    /// A dispatcher of the centre (派单员): the queue of incoming tickets with their suggestions, routing and feedback.
    /// Centre staff, so confidential tickets are routed here too; nothing of the data-sharing API beyond that.
    /// </summary>
    Dispatcher,
    /// <summary>A supervisor of the centre (督办): the digest, the 督办单 and the unit scorecards.</summary>
    Supervisor,
    /// <summary>Policy staff (决策分析): briefs, the outlook, 每月一题 and aggregate figures; no single ticket.</summary>
    Policy,
}

/// <summary>
/// What a key may see. <c>centre</c>: everything; <c>unit:&lt;id&gt;</c>: that unit's own non-confidential tickets;
/// <c>emergency-office</c>: alerts and their evidence; <c>public</c>: published disclosure aggregates only;
/// <c>intake</c>: submits requests (Open311) and reads back its own submissions; <c>dispatcher</c>, <c>supervisor</c>
/// and <c>policy</c>: the centre's own staff, each with the console views of their work.
/// </summary>
public sealed record AccessRole(RoleKind Kind, string? UnitId)
{
    private const string UnitPrefix = "unit:";

    public static AccessRole Parse(string text, UnitDirectory? units = null)
    {
        var t = (text ?? "").Trim();
        if (t.StartsWith(UnitPrefix, StringComparison.Ordinal))
        {
            var id = t[UnitPrefix.Length..];
            if ((units ?? UnitDirectory.Default).Find(id) is null)
                throw new ArgumentException($"unknown unit '{id}' (unit ids are listed in the units table)");
            return new AccessRole(RoleKind.Unit, id);
        }
        if (Codes.TryParse<RoleKind>(t, out var kind) && kind != RoleKind.Unit) return new AccessRole(kind, null);
        throw new ArgumentException($"unknown role '{t}': use centre, dispatcher, supervisor, policy, unit:<unit_id>, emergency-office, public or intake");
    }

    /// <summary>A role as stored with a key; the unit was validated when the key was made, and a unit removed from the
    /// directory since keeps its id here.</summary>
    public static AccessRole FromStored(string role) =>
        role.StartsWith(UnitPrefix, StringComparison.Ordinal)
            ? new AccessRole(RoleKind.Unit, role[UnitPrefix.Length..])
            : new AccessRole(Codes.Parse<RoleKind>(role), null);

    public override string ToString() => Kind == RoleKind.Unit ? $"{UnitPrefix}{UnitId}" : Kind.Code();

    public bool IsCentre => Kind == RoleKind.Centre;
    /// <summary>Centre and the unit itself may read a unit's tickets.</summary>
    public bool MayReadUnit(string unitId) => IsCentre || (Kind == RoleKind.Unit && UnitId == unitId);
    public bool MayReadAlerts => Kind is RoleKind.Centre or RoleKind.EmergencyOffice;
    /// <summary>
    /// Briefs are governance documents for the centre and the handling units (confidential tickets never appear in
    /// them).
    /// </summary>
    public bool MayReadBriefs => Kind is RoleKind.Centre or RoleKind.Unit or RoleKind.Supervisor or RoleKind.Policy;
    public bool MayRoute => Kind is RoleKind.Centre or RoleKind.Dispatcher;
    /// <summary>The digest, 督办单 and scorecards: the centre and its supervisors.</summary>
    public bool MaySupervise => Kind is RoleKind.Centre or RoleKind.Supervisor;
    /// <summary>New service requests come from the centre's own systems or from an intake channel.</summary>
    public bool MaySubmit => Kind is RoleKind.Centre or RoleKind.Intake;
}

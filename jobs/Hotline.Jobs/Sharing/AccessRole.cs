using Hotline.Ingest.Reference;

namespace Hotline.Jobs.Sharing;

/// <summary>
/// What a key may see. <c>centre</c>: everything; <c>unit:&lt;id&gt;</c>: that unit's own non-confidential tickets;
/// <c>emergency-office</c>: alerts and their evidence; <c>public</c>: published disclosure aggregates only.
/// </summary>
public sealed record AccessRole(string Kind, string? UnitId)
{
    public const string Centre = "centre", Unit = "unit", EmergencyOffice = "emergency-office", Public = "public";

    public static AccessRole Parse(string text, UnitDirectory? units = null)
    {
        var t = (text ?? "").Trim();
        if (t is Centre or EmergencyOffice or Public) return new AccessRole(t, null);
        if (t.StartsWith("unit:", StringComparison.Ordinal))
        {
            var id = t["unit:".Length..];
            if ((units ?? UnitDirectory.Default).Find(id) is null)
                throw new ArgumentException($"unknown unit '{id}' (unit ids are listed in the units table)");
            return new AccessRole(Unit, id);
        }
        throw new ArgumentException($"unknown role '{t}': use centre, unit:<unit_id>, emergency-office or public");
    }

    public override string ToString() => Kind == Unit ? $"unit:{UnitId}" : Kind;

    public bool IsCentre => Kind == Centre;
    /// <summary>Centre and the unit itself may read a unit's tickets.</summary>
    public bool MayReadUnit(string unitId) => IsCentre || (Kind == Unit && UnitId == unitId);
    public bool MayReadAlerts => Kind is Centre or EmergencyOffice;
    /// <summary>Briefs are governance documents for the centre and the handling units (confidential tickets never appear in them).</summary>
    public bool MayReadBriefs => Kind is Centre or Unit;
    public bool MayRoute => IsCentre;
}

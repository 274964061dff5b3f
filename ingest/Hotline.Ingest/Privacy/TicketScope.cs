namespace Hotline.Ingest.Privacy;

/// <summary>Why a reader is shown a ticket: as a handling unit's own work, or as evidence of a risk alert.</summary>
public enum TicketPurpose { UnitWork, AlertEvidence }

/// <summary>
/// The one rule for what each reader may see of a ticket, used by every endpoint, export, drop and alert payload:
/// <list type="bullet">
/// <item>the centre sees every ticket;</item>
/// <item>a handling unit sees its own tickets (lead or assisting), unless confidential;</item>
/// <item>an emergency office sees the tickets that make up an alert, unless confidential;</item>
/// <item>the public sees no ticket, only published aggregates.</item>
/// </list>
/// A confidential ticket reaches no one but the centre except as part of a count (e.g. "3 件保密件未列出").
/// Queries over the tickets table use <see cref="UnitSql"/>, which states the same rule in SQL.
/// </summary>
public static class TicketScope
{
    public static bool MaySee(AccessRole reader, TicketPurpose purpose, bool confidential, string? leadUnit = null,
        IReadOnlyCollection<string>? assistUnits = null)
    {
        if (reader.IsCentre) return true;
        if (confidential) return false;
        return (reader.Kind, purpose) switch
        {
            (RoleKind.Unit, TicketPurpose.UnitWork) =>
                reader.UnitId == leadUnit || (assistUnits?.Contains(reader.UnitId!) ?? false),
            (RoleKind.EmergencyOffice, TicketPurpose.AlertEvidence) => true,
            _ => false,
        };
    }

    /// <summary>
    /// The rule over the tickets table for a unit's work: parameters $unit (the unit) and $everything (true for the
    /// centre, which also sees the unit's confidential tickets).
    /// </summary>
    public const string UnitSql =
        "(lead_unit = $unit OR list_contains(assist_units, $unit)) AND ($everything OR NOT "
            + "coalesce(confidential, false))";
}

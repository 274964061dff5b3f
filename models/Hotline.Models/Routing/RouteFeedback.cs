namespace Hotline.Models.Routing;

/// <summary>A dispatcher's verdict on a suggestion (POST /v1/route/{ticket}/feedback).</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(SnakeCaseEnum<FeedbackVerdict>))]
public enum FeedbackVerdict { Accepted, Overridden }

public sealed record RouteFeedbackRow(string TicketId, DateTime GivenAt, FeedbackVerdict Verdict, string UnitId,
    string? Category, string? SuggestedUnit, string? ModelVersion);

/// <summary>
/// The route_feedback table. A verdict is stored against the suggestion the assistant made for that ticket (the
/// streaming writer's row in route_suggestions): accepted means the suggested lead unit; overridden names the unit the
/// dispatcher chose. The latest verdict per ticket is the label the next training uses for tickets that have no final
/// lead unit yet (RoutingData), and the weekly watchdog counts it.
/// </summary>
public static class RouteFeedback
{
    /// <summary>
    /// What <see cref="Check"/> says of a ticket without a suggestion (the API answers it with a 404).
    /// </summary>
    public const string NoSuggestion = "no routing suggestion for this ticket";

    /// <summary>Why a verdict cannot be stored, in plain words; null when it can.</summary>
    public static string? Check(DuckDBConnection conn, string ticketId, FeedbackVerdict verdict, string? unitId,
        string? category, UnitDirectory units, ReferenceData reference)
    {
        if (Sql.Scalar<long>(conn, "SELECT count(*) FROM route_suggestions WHERE ticket_id = $t", ("t", ticketId)) == 0)
            return NoSuggestion;
        if (verdict == FeedbackVerdict.Overridden && unitId is null)
            return "unit_id is required when the suggestion was overridden: the unit the ticket was sent to";
        if (unitId is not null && units.Find(unitId) is null) return $"'{unitId}' is not a known unit";
        if (category is not null && reference.Categories.All(c => c.Code != category))
            return $"'{category}' is not a known category";
        return null;
    }

    /// <summary>Stores a checked verdict; returns the row stored (accepted takes the suggestion's unit).</summary>
    public static RouteFeedbackRow Save(DuckDBConnection conn, string ticketId, FeedbackVerdict verdict,
        string? unitId, string? category, string? keyId, DateTime now)
    {
        string? suggested = null, version = null;
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT lead_unit, model_version FROM route_suggestions WHERE ticket_id = $t";
            cmd.Parameters.Add(new DuckDBParameter("t", ticketId));
            using var r = cmd.ExecuteReader();
            if (r.Read())
            {
                suggested = r.IsDBNull(0) ? null : r.GetString(0);
                version = r.GetString(1);
            }
        }
        var unit = verdict == FeedbackVerdict.Accepted ? unitId ?? suggested : unitId;
        if (unit is null) throw new ArgumentException("the suggestion named no unit: say which unit was chosen");
        Sql.Execute(conn, "INSERT INTO route_feedback VALUES ($t, $at, $v, $u, $c, $s, $m, $k)", ("t", ticketId),
            ("at", now), ("v", verdict.Code()), ("u", unit), ("c", category), ("s", suggested), ("m", version),
            ("k", keyId));
        return new RouteFeedbackRow(ticketId, now, verdict, unit, category, suggested, version);
    }

    /// <summary>The latest verdict of each ticket, as SQL for joins (ticket_id, verdict, unit_id, category).</summary>
    public const string LatestSql = """
        SELECT ticket_id, arg_max(verdict, given_at) AS verdict, arg_max(unit_id, given_at) AS unit_id,
               arg_max(category, given_at) AS category
        FROM route_feedback GROUP BY ticket_id
        """;
}

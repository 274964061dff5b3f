using Hotline.Models.Routing;

namespace Hotline.Models.Tests.Routing;

/// <summary>
/// Dispatchers' feedback as labels and the weekly watchdog, on a copy of the trained simulated warehouse. The
/// suggestions are written by SQL from what dispatchers first did (an assistant that agrees with them), then a
/// regression is made by changing one unit kind's suggestions in the last week.
/// </summary>
[Collection("routing")]
public sealed class RoutingWatchdogTests(RoutingWarehouse w)
{
    private static void SuggestWhatDispatchersDid(WarehouseDb db) => Sql.Execute(db.Connection, """
        INSERT INTO route_suggestions
        SELECT t.ticket_id, t.received_at, t.received_at, 'test', 'dispatch', t.category, f.unit_id, [], '3wd', NULL,
               0.9, 0, false, NULL
        FROM tickets t JOIN (SELECT ticket_id, arg_min(unit_id, occurred_at) AS unit_id FROM ticket_events
            WHERE type = 'dispatched' AND coalesce(role, 'lead') = 'lead' GROUP BY ticket_id) f USING (ticket_id)
        WHERE t.ticket_id NOT IN (SELECT ticket_id FROM route_suggestions)
        """);

    [Fact]
    public void A_drop_in_agreement_opens_one_alert_for_the_centre_and_resolves_when_it_holds_again()
    {
        using var db = WarehouseDb.Open(w.CopyTrained(), Hotline.Server.ServerSchema.AllStages);
        SuggestWhatDispatchersDid(db);
        var last = Sql.Scalar<DateTime>(db.Connection, "SELECT max(date_trunc('week', received_at)) - INTERVAL 7 DAY "
            + "FROM route_suggestions");
        var healthy = RoutingWatchdog.Measure(db.Connection, last);
        Assert.NotEmpty(healthy.Cells);
        Assert.Empty(healthy.Drops);

        // A regression: the assistant starts sending the county housing bureaus' matters to the city's.
        Sql.Execute(db.Connection, "UPDATE route_suggestions SET lead_unit = 'C-ZJ' WHERE lead_unit LIKE 'CD-ZJ-%' "
            + "AND received_at >= $w AND received_at < $w + INTERVAL 7 DAY", ("w", last));
        var broken = RoutingWatchdog.Measure(db.Connection, last);
        var drop = Assert.Single(broken.Drops, d => d.Kind == "CD-ZJ" && d.Category is null);
        Assert.True(drop.Agreement < drop.BaselineAgreement - 0.5,
            $"{drop.Agreement:P0} vs {drop.BaselineAgreement:P0}");

        var now = last.AddDays(8);
        var raised = RoutingWatchdog.Raise(db.Connection, broken, ReferenceData.Default, now);
        Assert.Contains(raised, a => a.Title.Contains("住房和城乡建设局", StringComparison.Ordinal));
        Assert.Empty(RoutingWatchdog.Raise(db.Connection, broken, ReferenceData.Default, now));  // no duplicate
        var firing = Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM alerts WHERE status = 'firing' AND "
            + "list_contains(detectors, 'routing-watchdog') AND list_contains(owners, 'C-SZX')");
        Assert.Equal(broken.Drops.Count, firing);

        RoutingWatchdog.Raise(db.Connection, healthy, ReferenceData.Default, now.AddDays(7));
        Assert.Equal(0L, Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM alerts WHERE status <> 'resolved' AND "
            + "list_contains(detectors, 'routing-watchdog')"));
        Assert.True(Sql.Scalar<long>(db.Connection,
            "SELECT count(*) FROM alert_history WHERE change = 'resolved'") > 0);
    }

    [Fact]
    public void A_dispatchers_override_is_the_label_of_a_ticket_not_yet_dispatched()
    {
        using var db = WarehouseDb.Open(w.CopyTrained(), Hotline.Server.ServerSchema.AllStages);
        var open = Sql.Scalar<string>(db.Connection, "SELECT min(ticket_id) FROM tickets WHERE lead_unit IS NULL AND "
            + "status NOT IN ('replied', 'closed', 'terminated')");
        Assert.NotNull(open);
        Assert.DoesNotContain(RoutingData.Load(db), x => x.TicketId == open);
        Sql.Execute(db.Connection, "INSERT INTO route_suggestions VALUES ($t, now()::TIMESTAMP, now()::TIMESTAMP, "
            + "'test', 'dispatch', 'CM.MUNI.LIGHT', 'CD-CG-371302', [], '3wd', NULL, 0.5, 0, false, NULL)",
                ("t", open));
        var units = new UnitDirectory(ReferenceData.Default);
        Assert.Equal("'X-1' is not a known unit", RouteFeedback.Check(db.Connection, open!, FeedbackVerdict.Overridden,
            "X-1", null, units, ReferenceData.Default));
        Assert.NotNull(RouteFeedback.Check(db.Connection, open!, FeedbackVerdict.Overridden, null, null, units,
            ReferenceData.Default));
        Assert.Null(RouteFeedback.Check(db.Connection, open!, FeedbackVerdict.Overridden, "D-371302", "CM.MUNI.LIGHT",
            units, ReferenceData.Default));
        RouteFeedback.Save(db.Connection, open!, FeedbackVerdict.Accepted, null, null, "k1", new DateTime(2025, 5, 1));
        RouteFeedback.Save(db.Connection, open!, FeedbackVerdict.Overridden, "D-371302", "CM.MUNI.LIGHT", "k1",
            new DateTime(2025, 5, 2));
        var labelled = Assert.Single(RoutingData.Load(db), x => x.TicketId == open);
        Assert.Equal("D-371302", labelled.LeadUnit);  // the latest verdict counts
        Assert.Equal("CM.MUNI.LIGHT", labelled.Category);
    }
}

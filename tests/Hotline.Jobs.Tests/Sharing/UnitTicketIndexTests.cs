using System.Text.Json;
using Hotline.Jobs.Sharing;

namespace Hotline.Jobs.Tests.Sharing;

/// <summary>
/// The in-memory unit view answers exactly what the SQL definition answers: every page of every unit, for a unit's
/// own key and the centre's, from the start and from a `since`, whole or capped (pages before the floor then come
/// from SQL), and after tickets change and are refreshed by id.
/// </summary>
[Collection("routing")]
public sealed class UnitTicketIndexTests(RoutingWarehouse w)
{
    private static readonly JsonSerializerOptions Json = Hotline.Server.Api.ApiJson.Options;

    [Fact]
    public void Every_page_equals_the_sql_page_whole_capped_and_after_refresh()
    {
        using var warehouse = WarehouseDb.Open(w.CopyTrained(), Hotline.Server.ServerSchema.AllStages);
        var conn = warehouse.Connection;
        const string WithUnit = "lead_unit IS NOT NULL OR len(coalesce(assist_units, [])) > 0";
        var total = Sql.Scalar<long>(conn, $"SELECT count(*) FROM tickets WHERE {WithUnit}");
        // A few confidential tickets in the busiest unit, so the centre's and the unit's pages differ.
        Sql.Execute(conn, """
            UPDATE tickets SET confidential = true WHERE ticket_id IN (SELECT ticket_id FROM tickets
            WHERE lead_unit = (SELECT lead_unit FROM tickets GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)
            ORDER BY hash(ticket_id) LIMIT 25)
            """);
        var units = Sql.Rows(conn, """
            SELECT unit FROM (SELECT lead_unit AS unit FROM tickets UNION ALL SELECT unnest(assist_units) FROM tickets)
            WHERE unit IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 4
            """, r => r.GetString(0));
        var middle = Sql.Scalar<DateTime>(conn, "SELECT quantile_disc(last_event_at, 0.6) FROM tickets");

        var whole = new UnitTicketIndex(Json);
        whole.Load(conn);
        Assert.Equal(total, whole.Count);
        Assert.Null(whole.Floor);
        var capped = new UnitTicketIndex(Json, (int)(total / 3));
        capped.Load(conn);
        Assert.NotNull(capped.Floor);

        void Compare(string when)
        {
            foreach (var unit in units)
                foreach (var reader in new[] { AccessRole.Parse("unit:" + unit), AccessRole.Parse("centre") })
                    foreach (var since in new DateTime?[] { null, middle })
                    {
                        var sql = Walk(c => UnitTickets.Page(conn, reader, unit, since, c, 23));
                        Assert.True(since is not null || sql.Items.Count > 23, $"{when}: {unit} has several pages");
                        Same(sql, Walk(c => whole.Page(reader, unit, since, c, 23)
                            ?? throw new InvalidOperationException("a whole index covers every page")));
                        Same(sql, Walk(c => capped.Page(reader, unit, since, c, 23)
                            ?? UnitTickets.Page(conn, reader, unit, since, c, 23)));
                        // The API's bytes: the same document the SQL page serializes to.
                        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                        Assert.NotNull(whole.PageJson(reader, unit, since, null, 23, buffer));
                        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
                            JsonSerializer.SerializeToNode(UnitTickets.Page(conn, reader, unit, since, null, 23), Json),
                            System.Text.Json.Nodes.JsonNode.Parse(buffer.WrittenSpan)), $"{when}: {unit} JSON");
                        var one = sql.Items[sql.Items.Count / 2];
                        Assert.Equal(one, whole.One(reader, unit, one.TicketId).Ticket);
                    }
            var other = AccessRole.Parse("unit:" + units[0]);
            Assert.Equal((true, (UnitTicket?)null), whole.One(other, units[0], "no-such-ticket"));
            Assert.Empty(whole.Page(other, units[1], null, null, 10)!.Items);
        }
        Compare("loaded");

        // Tickets change: later events (new key), confidentiality and overdue flags, a unit handed over.
        var changed = Sql.Rows(conn, """
            UPDATE tickets SET last_event_at = last_event_at + INTERVAL 3 DAY, confidential = NOT confidential,
                overdue = NOT overdue,
                lead_unit = CASE WHEN hash(ticket_id) % 3 = 0 THEN assist_units[1] ELSE lead_unit END
            WHERE ticket_id IN (SELECT ticket_id FROM tickets ORDER BY hash(ticket_id) LIMIT 400)
            RETURNING ticket_id
            """, r => r.GetString(0));
        whole.Refresh(conn, changed);
        capped.Refresh(conn, changed);
        Assert.Equal(Sql.Scalar<long>(conn, $"SELECT count(*) FROM tickets WHERE {WithUnit}"), whole.Count);
        Assert.True(capped.Count <= capped.Capacity);
        Compare("refreshed");
    }

    [Fact]
    public void The_materializer_reports_every_ticket_it_rebuilt_or_reflagged()
    {
        using var warehouse = WarehouseDb.Open(w.CopyTrained(), Hotline.Server.ServerSchema.AllStages);
        var conn = warehouse.Connection;
        var dirty = Sql.Rows(conn, "SELECT ticket_id FROM tickets ORDER BY hash(ticket_id) LIMIT 300",
            r => r.GetString(0));
        foreach (var id in dirty) Sql.Execute(conn, "INSERT INTO tickets_dirty VALUES ($t)", ("t", id));
        // An open ticket whose overdue flag is wrong: the refresh flips it and says so.
        var open = Sql.Scalar<string>(conn, """
            SELECT min(ticket_id) FROM tickets WHERE first_replied_at IS NULL AND closed_at IS NULL
            AND due_at IS NOT NULL
            """)!;
        Sql.Execute(conn, "UPDATE tickets SET overdue = NOT overdue WHERE ticket_id = $t", ("t", open));
        var reported = new List<string>();
        var rebuilt = new TicketMaterializer(conn) { Changed = reported.AddRange }.Run();
        Assert.Equal(300, rebuilt);
        Assert.Equal(dirty.Append(open).Distinct().Order(StringComparer.Ordinal),
            reported.Distinct().Order(StringComparer.Ordinal));
        // Nothing flips twice: a second refresh reports nothing.
        reported.Clear();
        new TicketMaterializer(conn) { Changed = reported.AddRange }.RefreshOverdue();
        Assert.Empty(reported);
    }

    private static void Same((List<UnitTicket> Items, List<string?> Cursors) expected,
        (List<UnitTicket> Items, List<string?> Cursors) actual)
    {
        Assert.Equal(expected.Cursors, actual.Cursors);
        Assert.Equal(expected.Items, actual.Items);
    }

    /// <summary>Every page from the first on: all items in order, and the cursor each page handed out.</summary>
    private static (List<UnitTicket> Items, List<string?> Cursors) Walk(Func<string?, UnitTicketPage> page)
    {
        var pages = new List<UnitTicketPage>();
        string? cursor = null;
        do
        {
            var p = page(cursor);
            pages.Add(p);
            cursor = p.NextCursor;
        } while (cursor is not null && pages.Count < 10_000);
        return ([.. pages.SelectMany(p => p.Items)], [.. pages.Select(p => p.NextCursor)]);
    }
}

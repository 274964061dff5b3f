namespace Hotline.Cli.Commands;

public static class StatsCommand
{
    public static Command Build()
    {
        var db = Cli.DbOption();
        var json = Cli.Opt<bool>("--json", "machine-readable output");
        var cmd = new Command("stats", "Counts of events, tickets and dead letters in the warehouse.") { db, json };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var path = p.GetValue(db)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"warehouse not found: {path}");
            using var warehouse = Cli.Open(path);
            var s = WarehouseStats.Read(warehouse);
            var agreement = SuggestionAgreement.Weekly(warehouse);
            if (p.GetValue(json)) Console.WriteLine(ToJson(s, agreement));
            else
            {
                Print(s, path);
                PrintAgreement(agreement);
            }
            return 0;
        }));
        return cmd;
    }

    public static string ToJson(WarehouseStats s, IReadOnlyList<SuggestionAgreement>? agreement = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["events"] = s.Events,
            ["tickets"] = s.Tickets,
            ["dead_letters"] = s.DeadLetters,
            ["dead_letters_by_reason"] = s.DeadLettersByReason,
            ["events_by_type"] = s.EventsByType,
            ["tickets_pending_materialization"] = s.TicketsPendingMaterialization,
            ["open_tickets"] = s.OpenTickets,
            ["overdue_tickets"] = s.OverdueTickets,
            ["first_event_at"] = s.FirstEventAt,
            ["last_event_at"] = s.LastEventAt,
            ["schema_versions"] = s.SchemaVersions,
            ["events_awaiting_ticket"] = s.EventsAwaitingTicket,
            ["routing_agreement_weekly"] = (agreement ?? []).Select(a => new Dictionary<string, object>
            {
                ["week_start"] = a.WeekStart.ToString("yyyy-MM-dd"), ["suggestions"] = a.Suggestions,
                ["dispatched"] = a.Dispatched,
                ["agree_first_dispatch"] = Math.Round(a.FirstDispatchRate, 4),
                ["agree_final_unit"] = Math.Round(a.FinalRate, 4),
                ["abstained"] = a.Abstained, ["repeats_flagged"] = a.Repeats, ["transfers_suggested"] = a.Transfers,
            }).ToList(),
        }, new JsonSerializerOptions { WriteIndented = true });

    public static void Print(WarehouseStats s, string path)
    {
        var t = new Table().Title($"warehouse {Markup.Escape(path)}").AddColumn("measure")
            .AddColumn(new TableColumn("value").RightAligned());
        t.AddRow("events", $"{s.Events:N0}");
        t.AddRow("tickets", $"{s.Tickets:N0}");
        t.AddRow("open tickets", $"{s.OpenTickets:N0}");
        t.AddRow("overdue (open past due, or replied late)", $"{s.OverdueTickets:N0}");
        t.AddRow("dead letters", $"{s.DeadLetters:N0}");
        if (s.EventsAwaitingTicket > 0) t.AddRow("events waiting for their ticket's created event",
            $"{s.EventsAwaitingTicket:N0}");
        foreach (var (reason, n) in s.DeadLettersByReason) t.AddRow($"  {Markup.Escape(reason)}", $"{n:N0}");
        t.AddRow("data period", s.FirstEventAt is null ? "-"
            : $"{s.FirstEventAt:yyyy-MM-dd} .. {s.LastEventAt:yyyy-MM-dd}");
        if (s.TicketsPendingMaterialization > 0) t.AddRow("tickets awaiting materialization",
            $"{s.TicketsPendingMaterialization:N0}");
        AnsiConsole.Write(t);
    }

    /// <summary>
    /// Dispatch-assistant monitoring: does its advice match what dispatchers did, and what finally held?
    /// </summary>
    public static void PrintAgreement(IReadOnlyList<SuggestionAgreement> weeks)
    {
        if (weeks.Count == 0) return;
        var t = new Table().Title("routing suggestions vs dispatch, by week of receipt")
            .AddColumn("week").AddColumn(new TableColumn("suggested").RightAligned())
                .AddColumn(new TableColumn("dispatched").RightAligned())
            .AddColumn(new TableColumn("= first dispatch").RightAligned())
                .AddColumn(new TableColumn("= final unit").RightAligned())
            .AddColumn(new TableColumn("abstained").RightAligned()).AddColumn(new TableColumn("repeats").RightAligned())
            .AddColumn(new TableColumn("transfers").RightAligned());
        foreach (var w in weeks)
            t.AddRow($"{w.WeekStart:yyyy-MM-dd}", $"{w.Suggestions:N0}", $"{w.Dispatched:N0}",
                $"{w.FirstDispatchRate:P1}", $"{w.FinalRate:P1}",
                $"{w.Abstained:N0}", $"{w.Repeats:N0}", $"{w.Transfers:N0}");
        AnsiConsole.Write(t);
    }
}

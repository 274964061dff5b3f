using System.CommandLine;
using System.Text.Json;
using Hotline.Ingest.Warehouse;
using Spectre.Console;

namespace Hotline.Cli.Commands;

public static class StatsCommand
{
    public static Command Build()
    {
        var db = Cli.DbOption();
        var json = new Option<bool>("--json") { Description = "machine-readable output" };
        var cmd = new Command("stats", "Counts of events, tickets and dead letters in the warehouse.") { db, json };
        cmd.SetAction(p => Cli.Run(() =>
        {
            var path = p.GetValue(db)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"warehouse not found: {path}");
            using var warehouse = WarehouseDb.Open(path);
            var s = WarehouseStats.Read(warehouse);
            if (p.GetValue(json)) Console.WriteLine(ToJson(s));
            else Print(s, path);
            return 0;
        }));
        return cmd;
    }

    public static string ToJson(WarehouseStats s) => JsonSerializer.Serialize(new Dictionary<string, object?>
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
        ["schema_version"] = s.SchemaVersion,
    }, new JsonSerializerOptions { WriteIndented = true });

    public static void Print(WarehouseStats s, string path)
    {
        var t = new Table().Title($"warehouse {Markup.Escape(path)}").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        t.AddRow("events", $"{s.Events:N0}");
        t.AddRow("tickets", $"{s.Tickets:N0}");
        t.AddRow("open tickets", $"{s.OpenTickets:N0}");
        t.AddRow("overdue (open past due, or replied late)", $"{s.OverdueTickets:N0}");
        t.AddRow("dead letters", $"{s.DeadLetters:N0}");
        foreach (var (reason, n) in s.DeadLettersByReason) t.AddRow($"  {Markup.Escape(reason)}", $"{n:N0}");
        t.AddRow("data period", s.FirstEventAt is null ? "-" : $"{s.FirstEventAt:yyyy-MM-dd} .. {s.LastEventAt:yyyy-MM-dd}");
        if (s.TicketsPendingMaterialization > 0) t.AddRow("tickets awaiting materialization", $"{s.TicketsPendingMaterialization:N0}");
        AnsiConsole.Write(t);
    }
}

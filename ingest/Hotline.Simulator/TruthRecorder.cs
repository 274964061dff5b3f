namespace Hotline.Simulator;

/// <summary>
/// Writes the simulator's ground truth: routing.csv as tickets are emitted, then incidents.csv and callers.csv.
/// Columns are documented in docs/simulator.md.
/// </summary>
public sealed class TruthRecorder : IDisposable
{
    private readonly string _dir;
    private readonly StreamWriter _routing;
    // What callers.csv needs per caller id, not the Caller itself: a year has about a million callers, and holding
    // their records (phone numbers included) until the end would be most of the simulator's memory.
    private readonly Dictionary<string,
        (string Kind, bool Abusive, bool Repeat, int Tickets)> _callers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _incidentTickets = new(StringComparer.Ordinal);

    public TruthRecorder(string dir)
    {
        _dir = dir;
        Directory.CreateDirectory(dir);
        _routing = Open("routing.csv");
        _routing.Write("ticket_id,category,lead_unit,assist_units,tier,disposition,repeat_of,incident_id\n");
    }

    private StreamWriter Open(string name) =>
        new(new FileStream(Path.Combine(_dir, name), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16),
            new UTF8Encoding(false))
        { NewLine = "\n" };

    public void Ticket(SimTicket t)
    {
        var category = t.Category == TicketFactory.Abuse ? "" : t.Category.Code;
        var assists = string.Join('|', t.AssistUnits);
        _routing.Write($"{t.Id},{category},{t.LeadUnit},{assists},{t.Tier},{t.Disposition.Code()},"
            + $"{t.RepeatOf?.Id},{t.IncidentId}\n");
        var key = t.Caller.CallerId;
        var caller = t.Caller;
        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_callers, key,
            out _);
        entry = (caller.Kind, caller.Abusive, caller.Repeat, entry.Tickets + 1);
        if (t.IncidentId is { } inc)
        {
            if (!_incidentTickets.TryGetValue(inc, out var list)) _incidentTickets[inc] = list = [];
            list.Add(t.Id!);
        }
    }

    public void Complete(IncidentPlan plan)
    {
        _routing.Flush();
        using (var w = Open("incidents.csv"))
        {
            w.Write("incident_id,kind,type,start,end,district,township,place,categories,ticket_count,ticket_ids\n");
            foreach (var i in plan.Incidents)
            {
                var ids = _incidentTickets.GetValueOrDefault(i.Id) ?? [];
                if (ids.Count == 0) continue;
                w.Write(string.Join(',', i.Id, i.Kind, i.Type, Time(i.Start), Time(i.End), i.CityWide ? ""
                    : i.County.Code,
                    i.Township?.Code ?? "", Csv(i.PlaceName), string.Join('|', i.Categories), ids.Count,
                        string.Join('|', ids)) + "\n");
            }
        }
        using (var w = Open("callers.csv"))
        {
            w.Write("caller_id,kind,abusive,repeat,tickets\n");
            foreach (var (id, (kind, abusive, repeat, n)) in _callers.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                if (abusive || repeat || n > 1 || kind != "person")
                    w.Write($"{id},{kind},{Bool(abusive)},{Bool(repeat)},{n}\n");
        }
    }

    private static string Bool(bool b) => b ? "true" : "false";
    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
        + "+08:00";
    private static string Csv(string s) =>
        s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    public void Dispose() => _routing.Dispose();
}

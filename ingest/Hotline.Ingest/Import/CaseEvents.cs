using System.Buffers;
using System.Security.Cryptography;

namespace Hotline.Ingest.Import;

/// <summary>
/// Turns one mapped case into contract events. A lifecycle row becomes created → dispatched (lead, then each
/// assist) → replied (when it has a reply time, reply text or a closed status) → callback (when rated) → reopened
/// (when flagged) → closed or terminated; a mailbox letter becomes created → dispatched → replied → closed with
/// the replying unit as the lead. Event ids are the ticket id (from the source id) and a fixed number per step,
/// so importing the same file again stores nothing new, and times never run backwards within a case.
/// </summary>
public sealed class CaseEvents(ImportMapping mapping, CityProfile profile, byte[] salt)
{
    private const string MissingReply = "（导入的历史数据未含答复正文）";

    public string TicketId(MappedRow row)
    {
        var clean = new string(row.SourceId.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        var id = mapping.TicketPrefix + clean;
        return id.Length <= 60 && clean.Length > 0 ? id : mapping.TicketPrefix + "H" + Hash(row.SourceId, 20);
    }

    public List<byte[]> Build(MappedRow row)
    {
        var ticket = TicketId(row);
        var events = new List<byte[]>(6);
        var lead = profile.UnitId(row.Unit);
        var district = profile.AreaCode(row.District);
        var township = profile.TownshipCode(row.District, row.Township);
        var category = profile.CategoryCode(row.Type);
        var opened = row.Opened;
        events.Add(Event(ticket, 0, "created", opened, w =>
        {
            w.WriteString("received_at", SourceTimeZone.Contract(opened));
            w.WriteString("channel", row.Channel);
            w.WriteString("request_type", row.RequestType);
            if (row.Title.Length > 0) w.WriteString("title", row.Title);
            w.WriteString("content", row.Content);
            // The source's caller field may be a name or a phone number: only a keyed hash of it is stored, which
            // still links one caller's cases (repeat calls) within this city.
            w.WriteString("caller_id", row.Caller is { } c ? "I" + Keyed(c) : "I-" + ticket);
            if (district is not null) w.WriteString("district", district);
            if (township is not null) w.WriteString("township", township);
            if (row.Address is { } address) w.WriteString("address", address);
            if (row.Lat is { } lat && row.Lon is { } lon)
            {
                w.WriteNumber("lat", lat);
                w.WriteNumber("lon", lon);
            }
            if (row.Confidential) w.WriteBoolean("confidential", true);
            // The export's type was chosen at intake (a 311 service, a 12345 诉求分类): an input to routing too.
            if (category is not null) w.WriteString("category", category);
        }));
        if (lead is null) return events;

        var dispatched = Max(row.Dispatched ?? opened.AddMinutes(1), opened);
        var tier = row.Tier ?? TierOf(opened, row.Target);
        var due = row.Target is { } t && t > dispatched ? t : dispatched + Span(tier);
        var seq = 1;
        void Dispatch(string unit, string role) => events.Add(Event(ticket, seq++, "dispatched", dispatched, w =>
        {
            if (category is not null) w.WriteString("category", category);
            w.WriteString("unit_id", unit);
            w.WriteString("role", role);
            w.WriteString("deadline_tier", tier);
            w.WriteString("due_at", SourceTimeZone.Contract(due));
        }));
        Dispatch(lead, "lead");
        foreach (var assist in row.Assist.Select(profile.UnitId).OfType<string>().Where(u => u != lead).Distinct())
            Dispatch(assist, "assist");

        var closedStatus = row.Status is "closed" or "replied" || row.Closed is not null;
        var repliedAt = row.Replied ?? (row.ReplyText is not null || closedStatus ? row.Closed ?? dispatched : null);
        var last = dispatched;
        if (repliedAt is { } r)
        {
            last = Max(r, dispatched.AddSeconds(1));
            events.Add(Event(ticket, 20, "replied", last, w =>
            {
                w.WriteString("unit_id", lead);
                w.WriteString("outcome", row.Outcome ?? (row.Status == "terminated" ? "unresolvable" : "resolved"));
                w.WriteString("reply_text", row.ReplyText ?? mapping.Defaults.GetValueOrDefault(MappedField.ReplyText)
                    ?? MissingReply);
            }));
        }
        if (row.Satisfaction is { } satisfaction)
        {
            last = last.AddSeconds(1);
            events.Add(Event(ticket, 21, "callback", Max(row.Closed ?? last, last), w =>
            {
                w.WriteString("satisfaction", satisfaction);
                w.WriteBoolean("resolved", satisfaction != "unsatisfied");
            }));
        }
        if (row.Reopened)
        {
            last = last.AddSeconds(1);
            events.Add(Event(ticket, 22, "reopened", last, w => w.WriteString("reason", "历史数据标记为重办")));
        }
        if (row.Status == "terminated")
            events.Add(Event(ticket, 23, "terminated", Max(row.Closed ?? last, last).AddSeconds(1),
                w => w.WriteString("reason", "历史数据标记为终止")));
        else if (closedStatus || mapping.IsMailbox && repliedAt is not null)
            events.Add(Event(ticket, 23, "closed", Max(row.Closed ?? last, last).AddSeconds(1), _ => { }));
        return events;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>The tier a source's own target implies (2 h, a day, three or five working days).</summary>
    private static string TierOf(DateTime opened, DateTime? target)
    {
        if (target is not { } t || t <= opened) return "5wd";
        var hours = (t - opened).TotalHours;
        return hours <= 2.5 ? "2h" : hours <= 26 ? "24h" : hours <= 24 * 4.5 ? "3wd" : "5wd";
    }

    /// <summary>
    /// Calendar span standing for a tier when the source has no target (working days ≈ 1.4 days each).
    /// </summary>
    private static TimeSpan Span(string tier) => tier switch
    {
        "2h" => TimeSpan.FromHours(2),
        "24h" => TimeSpan.FromHours(24),
        "3wd" => TimeSpan.FromDays(5),
        _ => TimeSpan.FromDays(7),
    };

    private static byte[] Event(string ticket, int step, string type, DateTime at, Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, EventJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteNumber("schema_version", EventTypes.SchemaVersion);
            w.WriteString("event_id", $"{ticket}-{step:00}");
            w.WriteString("type", type);
            w.WriteString("ticket_id", ticket);
            w.WriteString("occurred_at", SourceTimeZone.Contract(at));
            w.WriteNumber("seq", step);
            fields(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private string Keyed(string caller) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(caller.Trim())))[..20];

    private static string Hash(string s, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..length];
}

using System.Buffers;

namespace Hotline.Ingest.Contract;

/// <summary>Writes events in the contract's JSON form (snake_case, +08:00 offsets, nulls omitted).
/// Hand-written with Utf8JsonWriter rather than a serializer so output is byte-stable and fast:
/// the simulator's determinism test compares files byte for byte.</summary>
public static class EventJson
{
    public static string FormatTime(DateTime local) =>
        local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "+08:00";

    /// <summary>
    /// Same text as <see cref="FormatTime"/>, written without a string (every event carries one to three times).
    /// </summary>
    private static void WriteTime(Utf8JsonWriter w, string name, DateTime local)
    {
        Span<char> s = stackalloc char[25];
        if (!local.TryFormat(s, out var n, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture))
            throw new FormatException($"cannot format {local:O} as a contract time");
        "+08:00".CopyTo(s[n..]);
        w.WriteString(name, s[..(n + 6)]);
    }

    public static byte[] ToUtf8(TicketEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions)) Write(w, e);
        return buffer.WrittenSpan.ToArray();
    }

    public static string ToJson(TicketEvent e) => System.Text.Encoding.UTF8.GetString(ToUtf8(e));

    /// <summary>Chinese text stays readable in JSONL files (no \uXXXX escapes).</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static void Write(Utf8JsonWriter w, TicketEvent e)
    {
        w.WriteStartObject();
        w.WriteNumber("schema_version", e.SchemaVersion);
        w.WriteString("event_id", e.EventId);
        w.WriteString("type", e.Type);
        w.WriteString("ticket_id", e.TicketId);
        WriteTime(w, "occurred_at", e.OccurredAt);
        if (e.Seq is { } seq) w.WriteNumber("seq", seq);
        Time(w, "received_at", e.ReceivedAt);
        Str(w, "channel", e.Channel);
        Str(w, "request_type", e.RequestType);
        Str(w, "title", e.Title);
        Str(w, "content", e.Content);
        Str(w, "caller_id", e.CallerId);
        Str(w, "caller_kind", e.CallerKind);
        Str(w, "caller_phone", e.CallerPhone);
        Str(w, "caller_phone_hash", e.CallerPhoneHash);
        Str(w, "caller_phone_masked", e.CallerPhoneMasked);
        Str(w, "district", e.District);
        Str(w, "township", e.Township);
        Str(w, "address", e.Address);
        if (e.Lat is { } lat) w.WriteNumber("lat", Math.Round(lat, 6));
        if (e.Lon is { } lon) w.WriteNumber("lon", Math.Round(lon, 6));
        if (e.Confidential is { } conf) w.WriteBoolean("confidential", conf);
        Str(w, "category", e.Category);
        Str(w, "unit_id", e.UnitId);
        Str(w, "role", e.Role);
        Str(w, "deadline_tier", e.DeadlineTier);
        Time(w, "due_at", e.DueAt);
        Str(w, "reason", e.Reason);
        Time(w, "new_due_at", e.NewDueAt);
        Str(w, "outcome", e.Outcome);
        Str(w, "reply_text", e.ReplyText);
        Str(w, "satisfaction", e.Satisfaction);
        if (e.Resolved is { } res) w.WriteBoolean("resolved", res);
        Str(w, "level", e.Level);
        Str(w, "trigger", e.Trigger);
        w.WriteEndObject();
    }

    private static void Str(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static void Time(Utf8JsonWriter w, string name, DateTime? value)
    {
        if (value is { } v) WriteTime(w, name, v);
    }
}

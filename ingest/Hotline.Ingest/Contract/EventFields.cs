using System.Buffers.Text;
using System.Collections.Frozen;

namespace Hotline.Ingest.Contract;

/// <summary>
/// Where one field's value sits in the raw event: its JSON kind and, for strings and numbers, the byte range of
/// the value (inside the quotes for strings). Kept as offsets, not spans, so a stack array can hold every field.
/// </summary>
internal struct FieldSlot
{
    public JsonValueKind Kind; // Undefined = absent
    public bool Escaped;
    public int Start;
    public int Length;
}

/// <summary>
/// The contract's field names, numbered, so an event's fields can be indexed in a fixed-size stack array instead of
/// a dictionary per event. A name outside the contract is allowed (producers may add fields) and is ignored, but a
/// repeated one is still refused.
/// </summary>
internal static class FieldNames
{
    public static readonly string[] All =
    [
        "schema_version", "type", "event_id", "ticket_id", "occurred_at", "seq", "received_at", "channel",
        "request_type", "title", "content", "caller_id", "caller_kind", "caller_phone", "district", "township",
        "address", "lat", "lon", "confidential", "category", "unit_id", "role", "deadline_tier", "due_at", "reason",
        "new_due_at", "outcome", "reply_text", "satisfaction", "resolved", "level", "trigger",
    ];

    /// <summary>The longest contract name, in characters; a longer name is not one of them.</summary>
    public const int MaxLength = 32;

    private static readonly FrozenDictionary<string, int> Index =
        All.Select((n, i) => (n, i)).ToFrozenDictionary(p => p.n, p => p.i, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ByChars =
        Index.GetAlternateLookup<ReadOnlySpan<char>>();

    public static int Of(ReadOnlySpan<char> name) => ByChars.TryGetValue(name, out var i) ? i : -1;

    public static int Of(string name) => Index.TryGetValue(name, out var i) ? i : -1;
}

/// <summary>
/// One pass of <see cref="Utf8JsonReader"/> over an event object: each contract field's value located, repeated names
/// found, the whole input checked to be one well-formed JSON value. Nothing is allocated for a well-formed event
/// except what its fields become (the DOM this replaces, a JsonDocument plus a dictionary of its properties, was most
/// of ingest's parse time and garbage).
/// </summary>
internal ref struct EventFields
{
    private readonly ReadOnlySpan<byte> _raw;
    private readonly Span<FieldSlot> _slots;

    private EventFields(ReadOnlySpan<byte> raw, Span<FieldSlot> slots)
    {
        _raw = raw;
        _slots = slots;
    }

    /// <summary>
    /// Reads <paramref name="raw"/> into <paramref name="slots"/> (one per <see cref="FieldNames.All"/>, cleared).
    /// Returns the failure sentence for input that is not one JSON object with distinct names, or null; the order of
    /// checks is: well-formed JSON, then an object at the root, then distinct names.
    /// </summary>
    public static string? Read(ReadOnlySpan<byte> raw, Span<FieldSlot> slots, out EventFields fields, out bool notJson)
    {
        fields = new EventFields(raw, slots);
        notJson = true;
        string? repeated = null;
        HashSet<string>? others = null;
        Span<char> name = stackalloc char[FieldNames.MaxLength];
        try
        {
            var reader = new Utf8JsonReader(raw, new JsonReaderOptions { MaxDepth = 16 });
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                var kind = KindOf(reader.TokenType);
                reader.Skip();
                if (reader.Read()) return "trailing data after the JSON object";
                return $"expected a JSON object, got {kind}";
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var index = NameIndex(ref reader, name, out var text);
                reader.Read();
                var slot = new FieldSlot { Kind = KindOf(reader.TokenType) };
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                {
                    // For a string the reader's value is the text inside the quotes; its token starts at the quote.
                    slot.Start = (int)reader.TokenStartIndex + (reader.TokenType == JsonTokenType.String ? 1 : 0);
                    slot.Length = reader.ValueSpan.Length;
                    slot.Escaped = reader.ValueIsEscaped;
                }
                else reader.Skip();
                if (index >= 0)
                {
                    if (slots[index].Kind != JsonValueKind.Undefined) repeated ??= FieldNames.All[index];
                    else slots[index] = slot;
                }
                else if (!(others ??= new HashSet<string>(StringComparer.Ordinal)).Add(text!)) repeated ??= text;
            }
            if (reader.Read()) return "trailing data after the JSON object";
        }
        catch (JsonException ex)
        {
            return $"not valid JSON ({EventParser.Trim(ex.Message)})";
        }
        catch (InvalidOperationException)
        {
            return "a field name holds an escaped lone surrogate, not text";
        }
        notJson = false;
        // JSON allows a repeated key and readers disagree on which copy wins ("type":"closed","type":"created"):
        // refuse instead of guessing.
        return repeated is null ? null : $"field '{EventParser.Trim(repeated)}' appears more than once";
    }

    /// <summary>The contract index of the property name under the reader, or -1 with the name as text.</summary>
    private static int NameIndex(ref Utf8JsonReader reader, scoped Span<char> buffer, out string? text)
    {
        text = null;
        var span = reader.ValueSpan;
        if (!reader.ValueIsEscaped && span.Length <= buffer.Length)
        {
            var n = Encoding.UTF8.GetChars(span, buffer);
            var i = FieldNames.Of(buffer[..n]);
            if (i >= 0) return i;
        }
        text = reader.GetString()!;
        return FieldNames.Of(text);
    }

    private static JsonValueKind KindOf(JsonTokenType t) => t switch
    {
        JsonTokenType.StartObject => JsonValueKind.Object,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        JsonTokenType.Null => JsonValueKind.Null,
        _ => JsonValueKind.Undefined,
    };

    public readonly FieldSlot this[int field] => _slots[field];

    /// <summary>
    /// The value's bytes (for a string, inside the quotes, still escaped if <see cref="FieldSlot.Escaped"/>).
    /// </summary>
    public readonly ReadOnlySpan<byte> Bytes(in FieldSlot s) => _raw.Slice(s.Start, s.Length);

    /// <summary>A string value as text; throws InvalidOperationException for an escaped lone surrogate.</summary>
    public readonly string Text(in FieldSlot s)
    {
        if (!s.Escaped) return Encoding.UTF8.GetString(Bytes(s));
        var reader = new Utf8JsonReader(_raw.Slice(s.Start - 1, s.Length + 2));
        reader.Read();
        return reader.GetString()!;
    }

    /// <summary>
    /// An unescaped string value decoded into <paramref name="buffer"/> without allocating; false when it is escaped or
    /// longer than the buffer (the caller then takes the general path).
    /// </summary>
    public readonly bool TryChars(in FieldSlot s, Span<char> buffer, out int length)
    {
        length = 0;
        if (s.Escaped || s.Length > buffer.Length) return false;
        length = Encoding.UTF8.GetChars(Bytes(s), buffer);
        return true;
    }

    /// <summary>A number value read as JsonElement reads it: the whole token must parse.</summary>
    public readonly bool TryInt32(in FieldSlot s, out int value) =>
        Utf8Parser.TryParse(Bytes(s), out value, out var used) && used == s.Length;

    public readonly bool TryDouble(in FieldSlot s, out double value) =>
        Utf8Parser.TryParse(Bytes(s), out value, out var used) && used == s.Length;
}

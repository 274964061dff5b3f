using R = Hotline.Ingest.Contract.Rejection;

namespace Hotline.Ingest.Contract;

/// <summary>
/// Parses and validates one raw event (UTF-8 JSON). Every failure becomes a <see cref="Rejection"/> with a
/// code and a sentence naming the field; nothing throws, because one bad producer must never stop ingest.
/// </summary>
public sealed class EventParser
{
    public const int MaxEventBytes = 64 * 1024;
    public const int MaxIdLength = 64;
    public const int MaxTextLength = 20_000;
    private static readonly DateTime Earliest = new(2000, 1, 1);
    private static readonly HashSet<string> Types = new(EventTypes.All, StringComparer.Ordinal);

    private readonly ReferenceCodes? _refs;
    private readonly ChinaClock _clock;

    /// <param name="refs">Known area, unit and category codes; null skips reference checks.</param>
    /// <param name="clock">Clock for the "not in the future" check; the system clock when null.</param>
    public EventParser(ReferenceCodes? refs = null, ChinaClock? clock = null)
    {
        _refs = refs;
        _clock = clock ?? ChinaClock.System;
    }

    /// <summary>
    /// Validates one raw input. Total: whatever the bytes, the answer is an event or a rejection, never an exception
    /// (an unforeseen one becomes an internal_error rejection, so one message can never stop a stage).
    /// </summary>
    public ParseOutcome Parse(ReadOnlySpan<byte> raw)
    {
        try { return ParseCore(raw); }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ParseOutcome.Fail(R.InternalError,
                $"could not be validated ({ex.GetType().Name}: {Trim(ex.Message)})");
        }
    }

    private ParseOutcome ParseCore(ReadOnlySpan<byte> raw)
    {
        if (raw.Length > MaxEventBytes)
            return ParseOutcome.Fail(R.Oversized, $"event is {raw.Length} bytes; the limit is {MaxEventBytes}");
        if (raw.IsEmpty) return ParseOutcome.Fail(R.NotJson, "empty message");
        // System.Text.Json tolerates invalid UTF-8 inside strings until a value is read, then throws; refuse it up
        // front.
        if (!System.Text.Unicode.Utf8.IsValid(raw)) return ParseOutcome.Fail(R.NotJson, "not valid UTF-8");
        Span<FieldSlot> slots = stackalloc FieldSlot[FieldNames.All.Length];
        var failure = EventFields.Read(raw, slots, out var fields, out var notJson);
        if (failure is not null) return ParseOutcome.Fail(notJson ? R.NotJson : R.InvalidField, failure);
        try { return Validate(new Fields(fields, this)); }
        catch (FieldError fe) { return ParseOutcome.Fail(fe.Code, fe.Message); }
    }

    private ParseOutcome Validate(Fields f)
    {
        if (!f.Has("schema_version")) throw Missing("schema_version");
        var version = f.Int("schema_version") ?? 0;
        if (version != EventTypes.SchemaVersion)
            return ParseOutcome.Fail(R.UnsupportedVersion,
                $"schema_version {version} is not supported (this ingest reads {EventTypes.SchemaVersion})");
        var type = f.Code("type", 32, Types);
        if (string.IsNullOrWhiteSpace(type)) throw Missing("type");
        if (!Types.Contains(type))
            return ParseOutcome.Fail(R.UnknownType,
                $"type '{Trim(type)}' is not one of {string.Join(", ", EventTypes.All)}");
        var eventId = f.RequiredString("event_id", MaxIdLength);
        var ticketId = f.RequiredString("ticket_id", MaxIdLength);
        var occurred = RequireTime(f, "occurred_at");
        var seq = f.Int("seq");
        if (seq is < 0) throw Invalid("seq", "must not be negative");

        var e = new TicketEvent
        {
            EventId = eventId, Type = type, TicketId = ticketId, OccurredAt = occurred,
            Seq = seq
        };
        return ParseOutcome.Ok(type switch
        {
            EventTypes.Created => Created(f, e),
            EventTypes.Dispatched => Dispatched(f, e),
            EventTypes.Signed => e with { UnitId = Unit(f) },
            EventTypes.Returned => e with { UnitId = Unit(f), Reason = f.RequiredText("reason", MaxTextLength) },
            EventTypes.Extended => Extended(f, e),
            EventTypes.Replied => e with
            {
                UnitId = Unit(f),
                Outcome = f.OneOf("outcome", EventTypes.Outcomes, required: true),
                ReplyText = f.RequiredText("reply_text", MaxTextLength),
            },
            EventTypes.Callback => e with
            {
                Satisfaction = f.OneOf("satisfaction", EventTypes.Satisfactions, required: true),
                Resolved = f.Bool("resolved") ?? throw Missing("resolved"),
            },
            EventTypes.Reopened => e with { Reason = f.Text("reason", MaxTextLength) },
            EventTypes.Supervised => e with
            {
                Level = f.OneOf("level", EventTypes.SupervisionLevels, required: true),
                Trigger = f.RequiredText("trigger", 200),
                UnitId = OptionalUnit(f),
            },
            EventTypes.Terminated => e with { Reason = f.RequiredText("reason", MaxTextLength) },
            _ => e, // closed: header only
        });
    }

    private TicketEvent Created(Fields f, TicketEvent e)
    {
        var received = RequireTime(f, "received_at");
        var content = f.RequiredText("content", MaxTextLength);
        var phone = f.String("caller_phone", 32);
        if (phone is not null && !Privacy.PhoneProtector.IsPlausible(phone))
            throw Invalid("caller_phone", "must be 7 to 15 digits (an optional leading + and separators allowed)");
        var district = f.Code("district", 12, _refs?.Areas);
        var township = f.Code("township", 12, _refs?.Areas);
        if (_refs is not null)
        {
            if (district is not null && !_refs.Areas.Contains(district))
                throw new FieldError(R.UnknownReference, $"district '{district}' is not a known area code");
            if (township is not null && !_refs.Areas.Contains(township))
                throw new FieldError(R.UnknownReference, $"township '{township}' is not a known area code");
        }
        var lat = f.Double("lat");
        var lon = f.Double("lon");
        if (lat is < -90 or > 90) throw Invalid("lat", "must be within -90..90");
        if (lon is < -180 or > 180) throw Invalid("lon", "must be within -180..180");
        if ((lat is null) != (lon is null)) throw Invalid(lat is null ? "lat" : "lon", "lat and lon come together");
        var category = f.Code("category", 64, _refs?.Categories);
        if (category is not null && _refs is not null && !_refs.Categories.Contains(category))
            throw new FieldError(R.UnknownReference, $"category '{category}' is not a known category code");
        return e with
        {
            ReceivedAt = received,
            Channel = f.OneOf("channel", EventTypes.Channels, required: true),
            RequestType = f.OneOf("request_type", EventTypes.RequestTypes, required: true),
            Title = f.Text("title", 500),
            Content = content,
            CallerId = f.RequiredString("caller_id", MaxIdLength),
            CallerKind = f.OneOf("caller_kind", EventTypes.CallerKinds, required: false) ?? "person",
            CallerPhone = phone,
            District = district,
            Township = township,
            Address = f.Text("address", 500),
            Lat = lat,
            Lon = lon,
            Confidential = f.Bool("confidential") ?? false,
            Category = category,
        };
    }

    private TicketEvent Dispatched(Fields f, TicketEvent e)
    {
        var due = RequireTime(f, "due_at");
        if (due <= e.OccurredAt) throw new FieldError(R.ImpossibleTime,
            $"due_at {EventJson.FormatTime(due)} is not after occurred_at");
        var category = f.Code("category", 64, _refs?.Categories);
        if (category is not null && _refs is not null && !_refs.Categories.Contains(category))
            throw new FieldError(R.UnknownReference, $"category '{category}' is not a known category code");
        return e with
        {
            UnitId = Unit(f),
            Role = f.OneOf("role", EventTypes.Roles, required: true),
            DeadlineTier = f.OneOf("deadline_tier", EventTypes.DeadlineTiers, required: true),
            DueAt = due,
            Category = category,
        };
    }

    private TicketEvent Extended(Fields f, TicketEvent e)
    {
        var due = RequireTime(f, "new_due_at");
        if (due <= e.OccurredAt) throw new FieldError(R.ImpossibleTime, "new_due_at is not after occurred_at");
        return e with { NewDueAt = due, Reason = f.RequiredText("reason", MaxTextLength), UnitId = OptionalUnit(f) };
    }

    private string Unit(Fields f)
    {
        var unit = f.Code("unit_id", MaxIdLength, _refs?.Units);
        if (string.IsNullOrWhiteSpace(unit)) throw Missing("unit_id");
        CheckUnit(unit);
        return unit;
    }

    private string? OptionalUnit(Fields f)
    {
        var unit = f.Code("unit_id", MaxIdLength, _refs?.Units);
        if (unit is not null) CheckUnit(unit);
        return unit;
    }

    private void CheckUnit(string unit)
    {
        if (_refs is not null && !_refs.Units.Contains(unit))
            throw new FieldError(R.UnknownReference, $"unit_id '{Trim(unit)}' is not in the unit directory");
    }

    private DateTime RequireTime(Fields f, string name)
    {
        if (f.CanonicalTime(name) is { } canonical) return canonical;
        var text = f.String(name, 40) ?? throw Missing(name);
        if (!TryParseTime(text, out var local, out var problem)) throw Invalid(name, problem);
        if (local < Earliest || local > _clock.Roughly.AddDays(1))
            throw new FieldError(R.ImpossibleTime, $"{name} {text} is before 2000 or more than a day in the future");
        return local;
    }

    /// <summary>
    /// ISO 8601 with an explicit offset (or Z); converted to China local wall time. A well-formed time too far from
    /// today to convert safely (9999-12-31T23:59:59Z, 0001-01-01T00:00:00+14:00) comes back as
    /// <see cref="DateTime.MinValue"/>, which every caller's range check refuses: the bound is checked before any
    /// arithmetic, so no input can overflow the conversion.
    /// </summary>
    public static bool TryParseTime(string text, out DateTime local, out string problem)
    {
        local = default;
        problem = "";
        if (text.Length < 20 || !HasOffset(text))
        {
            problem = $"'{Trim(text)}' must be ISO 8601 with an explicit UTC offset, e.g. 2025-03-01T08:30:00+08:00";
            return false;
        }
        if (TryParseCanonical(text, out local)) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
        {
            problem = $"'{Trim(text)}' is not a valid date-time";
            return false;
        }
        local = dto.UtcDateTime.Year is >= 1000 and <= 9000 ? dto.ToOffset(ChinaClock.Offset).DateTime
            : DateTime.MinValue;
        return true;
    }

    /// <summary>
    /// Fast path for the form producers almost always send, yyyy-MM-ddTHH:mm:ss±hh:mm (what EventJson writes):
    /// the general parser dominated validation time. Anything else falls through to DateTimeOffset.TryParse.
    /// </summary>
    private static bool TryParseCanonical(ReadOnlySpan<char> s, out DateTime local)
    {
        local = default;
        if (s.Length != 25 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || s[19] is not ('+' or '-') || s[22] != ':') return false;
        static int D(ReadOnlySpan<char> s, int i, int n)
        {
            var v = 0;
            for (var k = i; k < i + n; k++)
            {
                var c = s[k];
                if (!char.IsAsciiDigit(c)) return -1;
                v = v * 10 + (c - '0');
            }
            return v;
        }
        int y = D(s, 0, 4), mo = D(s, 5, 2), d = D(s, 8, 2), h = D(s, 11, 2), mi = D(s, 14, 2), sec = D(s, 17, 2),
            oh = D(s, 20, 2), om = D(s, 23, 2);
        if (y < 1 || mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(Math.Max(y, 1), Math.Clamp(mo, 1, 12))
            || h is < 0 or > 23 || mi is < 0 or > 59 || sec is < 0 or > 59 || oh is < 0 or > 14
                || om is < 0 or > 59) return false;
        var offset = new TimeSpan(oh, om, 0);
        if (s[19] == '-') offset = -offset;
        local = y is >= 1000 and <= 9000 ? new DateTime(y, mo, d, h, mi, sec) - offset + ChinaClock.Offset
            : DateTime.MinValue;
        return true;
    }

    private static bool HasOffset(string s)
    {
        if (s[^1] is 'Z' or 'z') return true;
        // ...+08:00 / -05:00 / +0800: a sign after the time part.
        var idx = s.LastIndexOfAny(['+', '-']);
        return idx > 10;
    }

    internal static string Trim(string s) => s.Length <= 80 ? s : s[..80] + "…";

    private static FieldError Missing(string name) =>
        new(R.MissingField, $"required field '{name}' is missing or null");
    private static FieldError Invalid(string name, string why) => new(R.InvalidField, $"field '{name}' {why}");

    private sealed class FieldError(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }

    /// <summary>
    /// Typed access to the event's fields with uniform error messages. Codes from a closed set (types, channels,
    /// units, areas, categories) come back as the set's own string, decoded on the stack: the same code repeats in
    /// millions of events and need not be allocated for each.
    /// </summary>
    private readonly ref struct Fields
    {
        private readonly EventFields _fields;
        private readonly EventParser _parser;

        public Fields(EventFields fields, EventParser parser)
        {
            _fields = fields;
            _parser = parser;
        }

        private FieldSlot Slot(string name) => _fields[FieldNames.Of(name)];

        public bool Has(string name) => Slot(name).Kind is not (JsonValueKind.Undefined or JsonValueKind.Null);

        private string? Raw(string name, int maxLength)
        {
            var v = Slot(name);
            if (v.Kind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
            if (v.Kind != JsonValueKind.String) throw Invalid(name, $"must be a string, got {v.Kind}");
            string s;
            // An escaped lone surrogate ("\ud800") is valid JSON but not text; reading it throws.
            try { s = _fields.Text(v); }
            catch (InvalidOperationException) { throw Invalid(name, "holds an escaped lone surrogate, not text"); }
            if (s.Length > maxLength) throw Invalid(name, $"is {s.Length} characters; the limit is {maxLength}");
            return s;
        }

        /// <summary>
        /// An identifier or code (ids, units, areas, times): a control character in it is refused, because DuckDB and
        /// most tools cut a string at a NUL, which would make two different ids equal.
        /// </summary>
        public string? String(string name, int maxLength)
        {
            var s = Raw(name, maxLength);
            if (s is not null && ControlCharacters.Any(s)) throw Invalid(name,
                "contains a control character (e.g. NUL)");
            return s;
        }

        /// <summary>
        /// A code that, when it is one of <paramref name="known"/>, comes back as the set's instance; anything else
        /// takes the general path of <see cref="String"/> (and its errors). A member of the set has no control
        /// characters and is within the length limit, so the answer is the same either way.
        /// </summary>
        public string? Code(string name, int maxLength, HashSet<string>? known)
        {
            if (known is not null && Known(name, known) is { } k) return k;
            return String(name, maxLength);
        }

        private string? Known(string name, HashSet<string> known)
        {
            var v = Slot(name);
            Span<char> buffer = stackalloc char[64];
            if (v.Kind != JsonValueKind.String || !_fields.TryChars(v, buffer, out var n)) return null;
            return known.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup)
                && lookup.TryGetValue(buffer[..n], out var actual) ? actual : null;
        }

        /// <summary>
        /// A time in the canonical form, read from the bytes without making a string; null for anything else, which
        /// the caller reads the general way.
        /// </summary>
        public DateTime? CanonicalTime(string name)
        {
            var v = Slot(name);
            Span<char> buffer = stackalloc char[25];
            if (v.Kind != JsonValueKind.String || v.Length != 25 || !_fields.TryChars(v, buffer, out var n))
                return null;
            return TryParseCanonical(buffer[..n], out var local) && local >= Earliest
                && local <= _parser._clock.Roughly.AddDays(1) ? local : null;
        }

        /// <summary>
        /// Free text (title, content, reasons, replies): control characters are removed, not refused.
        /// </summary>
        public string? Text(string name, int maxLength) => Raw(name, maxLength) is { } s ? ControlCharacters.Strip(s)
            : null;

        public string RequiredText(string name, int maxLength)
        {
            var s = Text(name, maxLength);
            if (string.IsNullOrWhiteSpace(s)) throw Missing(name);
            return s;
        }

        public string RequiredString(string name, int maxLength)
        {
            var s = String(name, maxLength);
            if (string.IsNullOrWhiteSpace(s)) throw Missing(name);
            return s;
        }

        public string? OneOf(string name, HashSet<string> allowed, bool required)
        {
            if (Known(name, allowed) is { } k) return k;
            var s = String(name, 64);
            if (s is null) return required ? throw Missing(name) : null;
            if (!allowed.Contains(s)) throw Invalid(name, $"'{Trim(s)}' is not one of {string.Join(", ", allowed)}");
            return s;
        }

        public int? Int(string name)
        {
            var v = Slot(name);
            if (v.Kind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
            if (v.Kind != JsonValueKind.Number || !_fields.TryInt32(v, out var i)) throw Invalid(name,
                "must be an integer");
            return i;
        }

        public double? Double(string name)
        {
            var v = Slot(name);
            if (v.Kind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
            if (v.Kind != JsonValueKind.Number) throw Invalid(name, "must be a number");
            if (!_fields.TryDouble(v, out var d)) throw Invalid(name, "is not a representable number");
            if (!double.IsFinite(d)) throw Invalid(name, "must be finite");
            return d;
        }

        public bool? Bool(string name)
        {
            var v = Slot(name);
            return v.Kind switch
            {
                JsonValueKind.Undefined or JsonValueKind.Null => null,
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Invalid(name, "must be true or false"),
            };
        }
    }
}

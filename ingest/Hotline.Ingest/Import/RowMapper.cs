using System.Text.RegularExpressions;

namespace Hotline.Ingest.Import;

/// <summary>
/// Reads one source row through the mapping: column lookups, extraction patterns, value maps, defaults and time
/// formats. Pure and per row (no state across rows), so both passes of an import see the same values.
/// </summary>
public sealed class RowMapper
{
    /// <summary>Forms every export tried after the mapping's own (spreadsheet cells come out in the first).</summary>
    private static readonly string[] CommonFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d H:mm",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd", "yyyy/M/d", "yyyy年M月d日 H:mm",
        "yyyy年M月d日",
    ];

    private readonly ImportMapping _m;
    private readonly Dictionary<string, Regex> _extract;
    private readonly string[] _formats;
    private readonly SourceTimeZone _zone;
    private readonly Dictionary<string, Dictionary<string, string>> _values;

    public RowMapper(ImportMapping mapping)
    {
        _m = mapping;
        _extract = mapping.Extract.ToDictionary(kv => kv.Key,
            kv => new Regex(kv.Value, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)));
        _formats = [.. mapping.Times.Formats, .. CommonFormats];
        SourceTimeZone.TryParse(mapping.City.TimeZone, out _zone);
        // Value maps match trimmed, case-insensitive source text: exports are not consistent about either.
        _values = mapping.Values.ToDictionary(kv => kv.Key,
            kv => kv.Value.ToDictionary(v => v.Key.Trim(), v => v.Value, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>True when a skip rule matches: the row is not a case (tests, withdrawn, duplicates in the
    /// export).</summary>
    public bool Skips(SourceRow row) => _m.Skip.Any(s =>
        row.Cells.GetValueOrDefault(s.Column) is { } v && s.Values.Contains(v.Trim(), StringComparer.Ordinal));

    public (MappedRow? Row, RowRejection? Rejection) Map(SourceRow row)
    {
        if (row.Problem is not null) return (null, new RowRejection(row.Number, "unreadable_row", row.Problem));
        try
        {
            return (Read(row), null);
        }
        catch (RowException ex)
        {
            return (null, new RowRejection(row.Number, ex.Code, ex.Message));
        }
        catch (RegexMatchTimeoutException)
        {
            return (null, new RowRejection(row.Number, "invalid_field",
                "an extract pattern took too long on this row"));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            // Whatever a row holds, it becomes a dead letter, never a stopped import.
            return (null, new RowRejection(row.Number, "internal_error", ex.Message.Split('\n')[0]));
        }
    }

    private MappedRow Read(SourceRow row)
    {
        var id = Text(row, MappedField.Id) ?? throw Missing(MappedField.Id);
        var opened = Time(row, MappedField.Opened) ?? throw Missing(MappedField.Opened);
        var title = Text(row, MappedField.Title) ?? "";
        var content = Text(row, MappedField.Content) ?? "";
        if (content.Length == 0 && title.Length == 0)
            throw new RowException("missing_field", "no request text: both the title and the content are empty");
        var status = Vocab(row, MappedField.Status);
        return new MappedRow
        {
            Number = row.Number, SourceId = id, Opened = opened,
            Title = title, Content = content.Length > 0 ? content : title,
            Caller = Text(row, MappedField.Caller),
            Channel = Vocab(row, MappedField.Channel) ?? "phone",
            RequestType = Vocab(row, MappedField.RequestType) ?? "complaint",
            District = Text(row, MappedField.District), Township = Text(row, MappedField.Township),
            Address = Text(row, MappedField.Address),
            Lat = Number(row, MappedField.Lat), Lon = Number(row, MappedField.Lon),
            Type = Text(row, MappedField.Type),
            Unit = Text(row, MappedField.Unit),
            Assist = (Text(row, MappedField.Assist) ?? "")
                .Split(['、', ',', '，', ';', '；', '|'],
                    StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Department = Text(row, MappedField.Department),
            Dispatched = Time(row, MappedField.Dispatched), Target = Time(row, MappedField.Target),
            Replied = Time(row, MappedField.Replied), ReplyText = Text(row, MappedField.ReplyText),
            Closed = Time(row, MappedField.Closed),
            Status = status,
            OnTime = Vocab(row, MappedField.OnTime) is { } ot ? ot == "true" : null,
            Reopened = Vocab(row, MappedField.Reopened) == "true",
            Satisfaction = Vocab(row, MappedField.Satisfaction),
            Outcome = Vocab(row, MappedField.Outcome),
            Confidential = Vocab(row, MappedField.Confidential) == "true",
            Tier = Vocab(row, MappedField.DeadlineTier),
        };
    }

    /// <summary>Whether the field has a value in this row after extraction (for the fill rates a dry run
    /// prints).</summary>
    public bool Filled(SourceRow row, string field)
    {
        try { return Text(row, field) is not null; }
        catch (RegexMatchTimeoutException) { return false; }
    }

    private static RowException Missing(string field) => new("missing_field", $"{field} is empty");

    /// <summary>The field's text: its column (through its extract pattern), else its default; null when
    /// empty.</summary>
    private string? Text(SourceRow row, string field)
    {
        string? v = null;
        if (_m.Columns.TryGetValue(field, out var column) && row.Cells.GetValueOrDefault(column) is { } raw)
        {
            v = raw.Trim();
            if (_extract.TryGetValue(field, out var rx))
            {
                var match = rx.Match(v);
                v = !match.Success ? null
                    : match.Groups["v"] is { Success: true } named ? named.Value
                    : match.Groups.Count > 1 && match.Groups[1].Success ? match.Groups[1].Value
                    : match.Value;
            }
        }
        // A default reply text is the wording of a reply the source did not keep, not evidence of a reply: it is
        // written only on a case that was replied to or closed (CaseEvents), so an open case stays open.
        if (string.IsNullOrWhiteSpace(v) && field != MappedField.ReplyText) v = _m.Defaults.GetValueOrDefault(field);
        return string.IsNullOrWhiteSpace(v) ? null : v.Trim();
    }

    /// <summary>A closed-vocabulary field: the value map's translation, or the value itself if already a contract
    /// value; anything else rejects the row and names the value, so the mapping can be completed.</summary>
    private string? Vocab(SourceRow row, string field)
    {
        var v = Text(row, field);
        if (v is null) return null;
        var allowed = MappedField.Vocabularies[field];
        if (_values.TryGetValue(field, out var map) && map.TryGetValue(v, out var mapped)) return mapped;
        var lower = v.ToLowerInvariant();
        if (allowed.Contains(lower)) return lower;
        if (field is MappedField.OnTime or MappedField.Reopened or MappedField.Confidential)
        {
            if (lower is "1" or "yes" or "y" or "是" or "ontime" or "on_time") return "true";
            if (lower is "0" or "no" or "n" or "否" or "overdue") return "false";
        }
        // An unmapped status or satisfaction says nothing we can use; an unmapped channel or type falls back to
        // its default rather than losing the case.
        if (_m.Defaults.TryGetValue(field, out var dflt)) return dflt;
        if (field is MappedField.Status or MappedField.Satisfaction or MappedField.Outcome) return null;
        throw new RowException("invalid_field",
            $"{field} '{Clip(v)}' is not in values.{field} (add it to the mapping, or set defaults.{field})");
    }

    private double? Number(SourceRow row, string field)
    {
        var v = Text(row, field);
        if (v is null) return null;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
            : throw new RowException("invalid_field", $"{field} '{Clip(v)}' is not a number");
    }

    private DateTime? Time(SourceRow row, string field)
    {
        var v = Text(row, field);
        if (v is null) return null;
        if (DateTime.TryParseExact(v, _formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces,
            out var wall)) return wall;
        // Times with an explicit offset or Z are instants: converted to the city's wall time.
        if (v.Length >= 20 && (v.EndsWith('Z') || v[^6] is '+' or '-')
            && DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            return _zone.ToWall(instant);
        // A spreadsheet serial day number (Excel's epoch), as some exports write dates.
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 30000
            and < 80000) return DateTime.FromOADate(serial);
        throw new RowException("invalid_field", $"{field} '{Clip(v)}' matches none of the time formats "
            + $"({string.Join(", ", _formats.Take(3))}…)");
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private sealed class RowException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }
}

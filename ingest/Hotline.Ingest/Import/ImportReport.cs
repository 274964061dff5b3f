namespace Hotline.Ingest.Import;

/// <summary>What an import (or its dry run) found and did, for the person checking a new export.</summary>
public sealed class ImportReport
{
    public required string File { get; init; }
    public required string Format { get; init; }
    public string? Encoding { get; set; }
    public required string Shape { get; init; }
    public bool DryRun { get; init; }
    public long RowsRead { get; set; }
    public long RowsSkipped { get; set; }
    public long RowsMapped { get; set; }
    /// <summary>Rows an earlier run of the same file and mapping already committed (resume, or a second
    /// import).</summary>
    public long RowsAlreadyImported { get; set; }
    public SortedDictionary<string, Rejected> Rejections { get; } = new(StringComparer.Ordinal);
    public long RowsRejected => Rejections.Values.Sum(r => r.Count);
    public DateTime? From { get; set; }
    public DateTime? To { get; set; }
    /// <summary>field → (column, share of read rows with a value).</summary>
    public SortedDictionary<string, (string Column, double Fill)> FillRates { get; } = new(StringComparer.Ordinal);
    public int UnitSpellings { get; set; }
    public IReadOnlyList<Unit> Units { get; set; } = [];
    public int AreasKnown { get; set; }
    public int PlacesNamed { get; set; }
    public int PlacesRecognised { get; set; }
    public int Categories { get; set; }
    public long EventsStored { get; set; }
    public long EventsDuplicate { get; set; }
    public long DeadLetters { get; set; }
    public int TicketsUpdated { get; set; }

    public sealed class Rejected
    {
        public long Count;
        public List<long> FirstRows = [];
        public string Example = "";
    }

    public void Reject(string code, long row, string reason)
    {
        if (!Rejections.TryGetValue(code, out var r)) Rejections[code] = r = new Rejected { Example = reason };
        r.Count++;
        if (r.FirstRows.Count < 5) r.FirstRows.Add(row);
    }
}

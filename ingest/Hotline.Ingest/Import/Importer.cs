using System.Security.Cryptography;
using Hotline.Ingest.Sources;

namespace Hotline.Ingest.Import;

/// <summary>
/// `hotline import`: reads an export twice. The first pass maps every row and learns the city profile (units,
/// areas, types); the second turns each case into contract events, validates them with the same parser as
/// `ingest` (codes checked against the profile) and commits them in transactional batches with the row offset,
/// so a killed import resumes where it stopped and a finished one re-run stores nothing. A row that cannot be
/// mapped, or whose events the contract refuses, is one dead letter naming the file, its row and the reason.
/// A dry run does both passes and writes nothing.
/// </summary>
public sealed class Importer(WarehouseDb db, ImportMapping mapping, int batchSize = 20_000)
{
    public ImportReport Run(string path, bool dryRun, CancellationToken cancel = default)
    {
        var table = SourceTable.Open(path, mapping.Source);
        CheckColumns(table);
        CheckCity();
        var report = new ImportReport
        {
            File = Path.GetFullPath(path), Format = table.Format, Shape = mapping.Shape, DryRun = dryRun,
        };
        var mapper = new RowMapper(mapping);
        var builder = new ProfileBuilder(mapping);
        var filled = mapping.Columns.ToDictionary(kv => kv.Key, _ => 0L);

        foreach (var row in table.Rows())
        {
            cancel.ThrowIfCancellationRequested();
            report.RowsRead++;
            foreach (var field in mapping.Columns.Keys)
                if (mapper.Filled(row, field)) filled[field]++;
            if (mapper.Skips(row)) { report.RowsSkipped++; continue; }
            var (mapped, rejection) = mapper.Map(row);
            if (mapped is null)
            {
                report.Reject(rejection!.Code, rejection.Number, rejection.Reason);
                continue;
            }
            report.RowsMapped++;
            builder.Add(mapped);
            if (report.From is null || mapped.Opened < report.From) report.From = mapped.Opened;
            if (report.To is null || mapped.Opened > report.To) report.To = mapped.Opened;
        }
        report.Encoding = table.Encoding;
        foreach (var (field, column) in mapping.Columns)
            report.FillRates[field] = (column, report.RowsRead == 0 ? 0 : filled[field] / (double)report.RowsRead);

        var profile = builder.Build(db.City is not null ? db.Reference : null);
        report.UnitSpellings = builder.UnitCount;
        report.Units = profile.Reference.Units;
        report.AreasKnown = profile.Reference.Areas.Count;
        report.PlacesNamed = profile.AreaCodes.Count;
        report.PlacesRecognised = profile.AreaCodes.Values.Count(c => !c.StartsWith('A'));
        report.Categories = profile.Reference.Categories.Count;
        // Mapping-level rejections are counted again by the second pass, where they become dead letters.
        report.Rejections.Clear();

        if (!dryRun) db.UseProfile(profile.City, profile.Reference);
        var parser = new EventParser(profile.Reference.Codes());
        var events = new CaseEvents(mapping, profile, db.PiiSalt());
        var source = "import:" + Fingerprint(path);
        var store = new EventStore(db.Connection, db.PiiSalt(), db.EventIds);
        var resumeAt = dryRun ? 0 : store.StoredOffsets("file", source).GetValueOrDefault(0, 0);
        var progress = new IngestProgress();
        using (var committer = dryRun ? null : new BatchCommitter(store, progress))
        {
            var batch = new IngestBatch();
            // Mapping, building and validating a row's events is pure CPU and the most of the import's time, so
            // chunks of rows are staged on every core; the results come back in file order, and batches, offsets
            // and dead letters are made from them on this thread exactly as before.
            var staged = table.Rows().Chunk(StageChunk).AsParallel().AsOrdered()
                .WithDegreeOfParallelism(Math.Max(1, Environment.ProcessorCount)).WithCancellation(cancel)
                .Select(rows => rows.Select(row => Stage(row, resumeAt, source, report.File, mapper, events, parser))
                    .ToArray());
            foreach (var chunk in staged)
                foreach (var row in chunk)
                {
                    if (row.AlreadyImported) { report.RowsAlreadyImported++; continue; }
                    batch.Advance(row.Position);
                    if (row.Skipped) continue;
                    if (row.Letter is { } letter)
                    {
                        report.Reject(letter.Rejection.Code, row.Position.Offset, row.Reason!);
                        batch.DeadLetters.Add(letter);
                    }
                    else foreach (var e in row.Events!) batch.Events.Add((e, row.Position));
                    if (committer is not null && batch.Count >= batchSize)
                    {
                        committer.Submit(batch, batch.Count);
                        batch = new IngestBatch();
                    }
                }
            if (committer is not null)
            {
                committer.Submit(batch, batch.Count);
                committer.Drain();
            }
        }
        report.EventsStored = progress.Inserted;
        report.EventsDuplicate = progress.Duplicates;
        report.DeadLetters = progress.DeadLetters;
        if (!dryRun) report.TicketsUpdated = new TicketMaterializer(db.Connection).Run();
        return report;
    }

    private const int StageChunk = 512;

    /// <summary>One row made ready for a batch: its events, or the dead letter saying why it has none.</summary>
    private sealed record StagedRow(SourcePosition Position, bool AlreadyImported, bool Skipped,
        List<TicketEvent>? Events, DeadLetter? Letter, string? Reason);

    /// <summary>Thread-safe: the mapper, the event builder and the parser only read their settings.</summary>
    private static StagedRow Stage(SourceRow row, long resumeAt, string source, string file, RowMapper mapper,
        CaseEvents events, EventParser parser)
    {
        var position = new SourcePosition("file", source, 0, row.Number, $"{file} row {row.Number}");
        if (row.Number < resumeAt) return new StagedRow(position, true, false, null, null, null);
        if (mapper.Skips(row)) return new StagedRow(position, false, true, null, null, null);
        var (mapped, rejection) = mapper.Map(row);
        string? code = rejection?.Code, reason = rejection?.Reason;
        var parsed = new List<TicketEvent>();
        if (mapped is not null)
        {
            foreach (var json in events.Build(mapped))
            {
                var outcome = parser.Parse(json);
                if (outcome.Event is { } e) { parsed.Add(e); continue; }
                code = outcome.Rejection!.Code;
                reason = $"its {Type(json)} event: {outcome.Rejection.Message}";
                break;
            }
        }
        if (code is null) return new StagedRow(position, false, false, parsed, null, null);
        var letter = new DeadLetter(position, new Rejection(code, $"row {row.Number}: {reason}"),
            JsonSerializer.SerializeToUtf8Bytes(row.Cells));
        return new StagedRow(position, false, false, null, letter, reason);
    }

    private static string Type(byte[] json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("type").GetString() ?? "?";

    /// <summary>A file is identified by its content and the mapping read with it: a corrected mapping re-reads
    /// the file (the event ids keep cases that already landed from landing twice).</summary>
    private string Fingerprint(string path)
    {
        using var s = File.OpenRead(path);
        var file = Convert.ToHexStringLower(SHA256.HashData(s))[..24];
        var map = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(mapping)))[..8];
        return $"{file}:{map}";
    }

    private void CheckColumns(SourceTable table)
    {
        var missing = mapping.Columns.Where(kv => !table.Columns.Contains(kv.Value))
            .Select(kv => $"columns.{kv.Key} names '{kv.Value}'").ToList();
        missing.AddRange(mapping.Skip.Where(s => !table.Columns.Contains(s.Column))
            .Select(s => $"a skip rule names '{s.Column}'"));
        if (missing.Count > 0)
            throw new InvalidDataException($"{table.Path}: {string.Join(", ", missing)}, which the file does not have "
                + $"(its columns: {string.Join(", ", table.Columns.Take(40))})");
    }

    /// <summary>One warehouse, one city: the shipped city's history and an imported city's are never mixed.</summary>
    private void CheckCity()
    {
        var name = mapping.City.Name.Trim();
        if (db.City is { } held && held.Name != name)
            throw new InvalidDataException($"{db.Path} holds {held.Name}'s history; import {name} into a new "
                + "warehouse file (--db)");
        if (db.City is null && Sql.Scalar<long>(db.Connection, "SELECT count(*) FROM ticket_events") > 0)
            throw new InvalidDataException($"{db.Path} already holds the built-in city's events; import {name} "
                + "into a new warehouse file (--db)");
    }
}

using Hotline.Ingest.Sources;

namespace Hotline.Ingest.Tests.Warehouse;

/// <summary>
/// File ingest streams records into an open transaction (EventStore.StreamBatch): what is appended must stay
/// invisible until the commit, vanish on a rollback, and be deduplicated within the batch and against earlier ones.
/// </summary>
public class StreamBatchTests
{
    private static readonly EventParser Parser = new(ReferenceData.Default.Codes());

    private static long Count(WarehouseDb db, string table) =>
        Sql.Scalar<long>(db.Connection, $"SELECT count(*) FROM {table}");

    private static RawInput Input(TicketEvent e, long offset) =>
        new(EventJson.ToUtf8(e), new SourcePosition("file", "sha256:test", 0, offset, "test.jsonl"));

    [Fact]
    public void A_batch_disposed_without_commit_leaves_nothing_behind()
    {
        using var db = WarehouseDb.Open(Path.Combine(TestData.TempDir("stream-rollback"), "w.duckdb"));
        var store = new EventStore(db.Connection, db.PiiSalt(), db.EventIds);
        var events = TestData.Simulate(days: 1, perDay: 30, seed: 9);
        using (var batch = store.Begin())
        {
            for (var i = 0; i < events.Count; i++) batch.Add(Parser, Input(events[i], i));
            batch.Add(Parser, new RawInput("{broken"u8.ToArray(), new SourcePosition("file", "sha256:test", 0,
                events.Count, "test.jsonl")));
        }
        Assert.Equal(0, Count(db, "ticket_events"));
        Assert.Equal(0, Count(db, "dead_letters"));
        Assert.Equal(0, Count(db, "ingest_offsets"));
        Assert.Empty(store.StoredOffsets("file", "sha256:test"));
    }

    [Fact]
    public void Repeats_within_a_batch_and_of_an_earlier_batch_are_stored_once()
    {
        using var db = WarehouseDb.Open(Path.Combine(TestData.TempDir("stream-dedup"), "w.duckdb"));
        var store = new EventStore(db.Connection, db.PiiSalt(), db.EventIds);
        var events = TestData.Simulate(days: 1, perDay: 30, seed: 9);
        var half = events.Count / 2;
        CommitResult first, second;
        using (var batch = store.Begin())
        {
            for (var i = 0; i < half; i++) batch.Add(Parser, Input(events[i], i));
            batch.Add(Parser, Input(events[0], half)); // a resend inside the batch
            first = batch.Commit();
        }
        using (var batch = store.Begin())
        {
            // The whole list again: the first half is already stored (the index's suspects, confirmed in the table).
            for (var i = 0; i < events.Count; i++) batch.Add(Parser, Input(events[i], half + 1 + i));
            second = batch.Commit();
        }
        Assert.Equal((half, 1), (first.Inserted, first.Duplicates));
        Assert.Equal((events.Count - half, half), (second.Inserted, second.Duplicates));
        Assert.Equal(events.Count, Count(db, "ticket_events"));
        Assert.Equal(events.Count, Sql.Scalar<long>(db.Connection,
            "SELECT count(DISTINCT event_id) FROM ticket_events"));
        Assert.Equal(half + 1 + events.Count, store.StoredOffsets("file", "sha256:test")[0]);
    }
}

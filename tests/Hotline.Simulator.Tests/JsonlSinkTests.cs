namespace Hotline.Simulator.Tests;

public class JsonlSinkTests
{
    [Fact]
    public void Writes_every_event_in_order_as_one_json_line_each_across_batches()
    {
        // More events than one batch (4,096) and not a multiple of it, so the short last batch is exercised.
        var events = TestData.Simulate(days: 4, perDay: 500);
        Assert.True(events.Count > 2 * 4_096 && events.Count % 4_096 != 0, $"{events.Count} events");
        var memory = new MemoryStream();
        using (var sink = new JsonlSink(new NonClosingStream(memory)))
            foreach (var e in events) sink.Write(e);
        var expected = new MemoryStream();
        foreach (var e in events)
        {
            expected.Write(EventJson.ToUtf8(e));
            expected.WriteByte((byte)'\n');
        }
        Assert.Equal(expected.ToArray(), memory.ToArray());
    }

    [Fact]
    public void A_failing_disk_is_reported_not_swallowed()
    {
        // Several batches: the writer fails on the first, so a later hand-over (or dispose) must report it, not block.
        var events = TestData.Simulate(days: 4, perDay: 500);
        var sink = new JsonlSink(new FailingStream());
        var error = Assert.Throws<IOException>(() =>
        {
            foreach (var e in events) sink.Write(e);
            sink.Dispose();
        });
        Assert.Contains("disk full", error.InnerException?.Message ?? error.Message, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => sink.Write(events[0])); // writing on after the failure still names it
        sink.Dispose(); // a second dispose after the failure does not throw again or hang
    }

    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);
    }

    /// <summary>A disk that fills up: every write fails.</summary>
    private sealed class FailingStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => 0;
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new IOException("disk full");
        public override void Write(ReadOnlySpan<byte> buffer) => throw new IOException("disk full");
    }
}

using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Hotline.Jobs.Export;

/// <summary>
/// A period's ticket facts for analysts, as Parquet (DuckDB COPY) and Arrow IPC (Apache.Arrow). No caller phone
/// (masked or hashed), address, coordinates or free text: the title is masked and dropped for confidential tickets.
/// Timestamps are China local wall time (as in the warehouse).
/// </summary>
public static class PeriodExport
{
    private const string Select = """
        SELECT ticket_id, received_at, channel, request_type, category, district, township, lead_unit,
            assist_units::VARCHAR AS assist_units,
               status, deadline_tier, due_at, overdue, dispatch_count, return_count, extension_count, reopen_count,
                   supervision_count,
               first_dispatched_at, first_signed_at, first_replied_at, closed_at, satisfaction, resolved,
                   coalesce(confidential, false) AS confidential,
               CASE WHEN coalesce(confidential, false) THEN NULL ELSE title END AS title
        FROM tickets WHERE received_at >= $from AND received_at < $to ORDER BY received_at, ticket_id
        """;

    public static (string Parquet, string Arrow, long Rows) Write(DuckDBConnection conn, ReportPeriod period,
        DateTime cutoff, string dir)
    {
        var to = cutoff < period.End ? cutoff : period.End;
        var arrowPath = Path.Combine(dir, $"tickets-{period.Key}.arrow");
        var parquetPath = Path.Combine(dir, $"tickets-{period.Key}.parquet");
        // One read: each title is masked once (TextMasker is the one masking library) and goes both into the Arrow
        // file and into a temp table, from which DuckDB's COPY writes the Parquet file with the same masked titles.
        using (var create = conn.CreateCommand())
        {
            create.CommandText = "CREATE OR REPLACE TEMP TABLE export_titles (ticket_id VARCHAR, title VARCHAR)";
            create.ExecuteNonQuery();
        }
        // Kept until the read is done: an appender on the connection must not run while its query streams.
        var masked = new List<(string Id, string? Title)>();
        var rows = WriteArrow(conn, period.Start, to, arrowPath, (id, title) => masked.Add((id, title)));
        using (var titles = conn.CreateAppender("export_titles"))
            foreach (var (id, title) in masked) titles.CreateRow().AppendValue(id).AppendValue(title).EndRow();
        using (var copy = conn.CreateCommand())
        {
            // The path is ours (validated by OutputFolder), quoted; COPY takes no parameter for it.
            copy.CommandText = $"COPY (SELECT s.* REPLACE (m.title AS title) FROM ({Select}) s JOIN export_titles m "
                + "USING (ticket_id) ORDER BY s.received_at, s.ticket_id) " +
                               $"TO '{parquetPath.Replace("'", "''")}' (FORMAT parquet, COMPRESSION zstd)";
            copy.Parameters.Add(new DuckDBParameter("from", period.Start));
            copy.Parameters.Add(new DuckDBParameter("to", to));
            copy.ExecuteNonQuery();
            copy.Parameters.Clear();
            copy.CommandText = "DROP TABLE export_titles";
            copy.ExecuteNonQuery();
        }
        return (parquetPath, arrowPath, rows);
    }

    private static long WriteArrow(DuckDBConnection conn, DateTime from, DateTime to, string path,
        Action<string, string?> maskedTitle)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = Select;
        cmd.Parameters.Add(new DuckDBParameter("from", from));
        cmd.Parameters.Add(new DuckDBParameter("to", to));
        using var r = cmd.ExecuteReader();
        var types = Enumerable.Range(0, r.FieldCount).Select(r.GetFieldType).ToArray();
        var schema = new Schema.Builder();
        for (var i = 0; i < r.FieldCount; i++) schema.Field(f => f.Name(r.GetName(i)).DataType(ArrowType(types[i]))
            .Nullable(true));
        var built = schema.Build();
        using var stream = File.Create(path);
        using var writer = new ArrowFileWriter(stream, built);
        long total = 0;
        var titleIndex = r.GetOrdinal("title");
        while (true)
        {
            var columns = types.Select(NewColumn).ToArray();
            var n = 0;
            while (n < 65_536 && r.Read())
            {
                var title = r.IsDBNull(titleIndex) ? null : TextMasker.Mask(r.GetString(titleIndex));
                maskedTitle(r.GetString(0), title);
                for (var i = 0; i < columns.Length; i++)
                    columns[i].Add(i == titleIndex ? title : r.IsDBNull(i) ? null : r.GetValue(i));
                n++;
            }
            if (n == 0) break;
            writer.WriteRecordBatch(new RecordBatch(built, columns.Select(c => c.Build()), n));
            total += n;
        }
        writer.WriteEnd();
        return total;
    }

    private static IArrowType ArrowType(Type t) =>
        t == typeof(DateTime) ? new TimestampType(TimeUnit.Microsecond, (string?)null) :
        t == typeof(bool) ? BooleanType.Default :
        t == typeof(int) || t == typeof(long) ? Int64Type.Default :
        t == typeof(double) ? DoubleType.Default : StringType.Default;

    /// <summary>A column being filled: one Arrow builder behind a single Add(object?).</summary>
    private sealed class Column(Action<object?> add, Func<IArrowArray> build)
    {
        public void Add(object? v) => add(v);
        public IArrowArray Build() => build();
    }

    private static Column NewColumn(Type t)
    {
        if (t == typeof(DateTime))
        {
            var b = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, (string?)null));
            return new(v =>
                {
                    if (v is DateTime d) b.Append(new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Unspecified),
                TimeSpan.Zero));
                    else b.AppendNull();
                }, () => b.Build());
        }
        if (t == typeof(bool))
        {
            var b = new BooleanArray.Builder();
            return new(v => { if (v is bool x) b.Append(x); else b.AppendNull(); }, () => b.Build());
        }
        if (t == typeof(int) || t == typeof(long))
        {
            var b = new Int64Array.Builder();
            return new(v =>
                {
                    if (v is null) b.AppendNull();
                    else b.Append(Convert.ToInt64(v,
                System.Globalization.CultureInfo.InvariantCulture));
                }, () => b.Build());
        }
        if (t == typeof(double))
        {
            var b = new DoubleArray.Builder();
            return new(v =>
                {
                    if (v is null) b.AppendNull();
                    else b.Append(Convert.ToDouble(v,
                System.Globalization.CultureInfo.InvariantCulture));
                }, () => b.Build());
        }
        var s = new StringArray.Builder();
        return new(v =>
            {
                if (v is null) s.AppendNull();
                else s.Append(Convert.ToString(v,
            System.Globalization.CultureInfo.InvariantCulture));
            }, () => s.Build());
    }
}

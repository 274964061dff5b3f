using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using DuckDB.NET.Data;
using Hotline.Ingest.Privacy;
using Hotline.Jobs.Periods;

namespace Hotline.Jobs.Export;

/// <summary>
/// A period's ticket facts for analysts, as Parquet (DuckDB COPY) and Arrow IPC (Apache.Arrow). No caller phone
/// (masked or hashed), address, coordinates or free text: the title is masked and dropped for confidential tickets.
/// Timestamps are China local wall time (as in the warehouse).
/// </summary>
public static class PeriodExport
{
    private const string Select = """
        SELECT ticket_id, received_at, channel, request_type, category, district, township, lead_unit, assist_units::VARCHAR AS assist_units,
               status, deadline_tier, due_at, overdue, dispatch_count, return_count, extension_count, reopen_count, supervision_count,
               first_dispatched_at, first_signed_at, first_replied_at, closed_at, satisfaction, resolved, coalesce(confidential, false) AS confidential,
               CASE WHEN coalesce(confidential, false) THEN NULL ELSE title END AS title
        FROM tickets WHERE received_at >= $from AND received_at < $to ORDER BY received_at, ticket_id
        """;

    public static (string Parquet, string Arrow, long Rows) Write(DuckDBConnection conn, ReportPeriod period, DateTime cutoff, string dir)
    {
        var to = cutoff < period.End ? cutoff : period.End;
        var arrowPath = Path.Combine(dir, $"tickets-{period.Key}.arrow");
        var parquetPath = Path.Combine(dir, $"tickets-{period.Key}.parquet");
        var rows = WriteArrow(conn, period.Start, to, arrowPath);
        // Parquet from the Arrow file's rows through DuckDB would need its arrow extension (a download); instead the
        // same masked rows go through a temporary table and COPY. The path is ours (validated by the caller), quoted.
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"CREATE OR REPLACE TEMP TABLE export_rows AS {Select}";
            cmd.Parameters.Add(new DuckDBParameter("from", period.Start));
            cmd.Parameters.Add(new DuckDBParameter("to", to));
            cmd.ExecuteNonQuery();
        }
        using (var mask = conn.CreateCommand())
        {
            // Titles are masked in C# (TextMasker is the one masking library), row by row through a parameterized update.
            mask.CommandText = "SELECT ticket_id, title FROM export_rows WHERE title IS NOT NULL";
            var titles = new List<(string Id, string Title)>();
            using (var r = mask.ExecuteReader()) while (r.Read()) titles.Add((r.GetString(0), r.GetString(1)));
            var changed = titles.Select(t => (t.Id, Masked: TextMasker.Mask(t.Title), t.Title)).Where(t => t.Masked != t.Title).ToList();
            foreach (var (id, masked, _) in changed)
            {
                using var u = conn.CreateCommand();
                u.CommandText = "UPDATE export_rows SET title = $t WHERE ticket_id = $id";
                u.Parameters.Add(new DuckDBParameter("t", masked));
                u.Parameters.Add(new DuckDBParameter("id", id));
                u.ExecuteNonQuery();
            }
        }
        using (var copy = conn.CreateCommand())
        {
            copy.CommandText = $"COPY export_rows TO '{parquetPath.Replace("'", "''")}' (FORMAT parquet, COMPRESSION zstd)";
            copy.ExecuteNonQuery();
            copy.CommandText = "DROP TABLE export_rows";
            copy.ExecuteNonQuery();
        }
        return (parquetPath, arrowPath, rows);
    }

    private static long WriteArrow(DuckDBConnection conn, DateTime from, DateTime to, string path)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = Select;
        cmd.Parameters.Add(new DuckDBParameter("from", from));
        cmd.Parameters.Add(new DuckDBParameter("to", to));
        using var r = cmd.ExecuteReader();
        var types = Enumerable.Range(0, r.FieldCount).Select(r.GetFieldType).ToArray();
        var schema = new Schema.Builder();
        for (var i = 0; i < r.FieldCount; i++) schema.Field(f => f.Name(r.GetName(i)).DataType(ArrowType(types[i])).Nullable(true));
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
                for (var i = 0; i < columns.Length; i++)
                    columns[i].Add(r.IsDBNull(i) ? null : i == titleIndex ? TextMasker.Mask(r.GetString(i)) : r.GetValue(i));
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
            return new(v => { if (v is DateTime d) b.Append(new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Unspecified), TimeSpan.Zero)); else b.AppendNull(); }, () => b.Build());
        }
        if (t == typeof(bool))
        {
            var b = new BooleanArray.Builder();
            return new(v => { if (v is bool x) b.Append(x); else b.AppendNull(); }, () => b.Build());
        }
        if (t == typeof(int) || t == typeof(long))
        {
            var b = new Int64Array.Builder();
            return new(v => { if (v is null) b.AppendNull(); else b.Append(Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)); }, () => b.Build());
        }
        if (t == typeof(double))
        {
            var b = new DoubleArray.Builder();
            return new(v => { if (v is null) b.AppendNull(); else b.Append(Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)); }, () => b.Build());
        }
        var s = new StringArray.Builder();
        return new(v => { if (v is null) s.AppendNull(); else s.Append(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)); }, () => s.Build());
    }
}

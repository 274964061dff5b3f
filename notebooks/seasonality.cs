#:package DuckDB.NET.Data.Full
// Seasonality of a hotline warehouse: which problems come with the calendar. Run:
//   dotnet run notebooks/seasonality.cs -- data/demo.duckdb
// Prints, per category group, tickets by month, by weekday (Monday = 1) and by hour of day, and the categories
// whose monthly volume varies most (max month / mean month), which are the ones a seasonal outlook must prepare for.
using DuckDB.NET.Data;

var db = args.Length > 0 ? args[0] : "data/demo.duckdb";
if (!File.Exists(db)) { Console.Error.WriteLine($"warehouse not found: {db}"); return 1; }
using var conn = new DuckDBConnection($"Data Source={db};ACCESS_MODE=READ_ONLY");
conn.Open();

void Print(string title, string sql)
{
    Console.WriteLine($"\n## {title}");
    using var cmd = conn.CreateCommand();
    cmd.CommandText = sql;
    using var r = cmd.ExecuteReader();
    Console.WriteLine(string.Join(" | ", Enumerable.Range(0, r.FieldCount).Select(r.GetName)));
    while (r.Read()) Console.WriteLine(string.Join(" | ", Enumerable.Range(0, r.FieldCount)
        .Select(i => r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i)))));
}

Print("Tickets per month by category group", """
    SELECT strftime(t.received_at, '%Y-%m') AS month, c.level1 AS category_group, count(*) AS tickets
    FROM tickets t JOIN categories c ON c.code = t.category
    GROUP BY ALL ORDER BY month, tickets DESC
    """);
Print("Weekday profile (share of each group's tickets; 1 = Monday)", """
    SELECT c.level1 AS category_group, isodow(t.received_at) AS weekday,
           round(count(*) / sum(count(*)) OVER (PARTITION BY c.level1), 3) AS share
    FROM tickets t JOIN categories c ON c.code = t.category
    GROUP BY c.level1, isodow(t.received_at) ORDER BY category_group, weekday
    """);
Print("Hour-of-day profile, all tickets", """
    SELECT hour(received_at) AS hour, count(*) AS tickets FROM tickets GROUP BY ALL ORDER BY hour
    """);
Print("Most seasonal categories (peak month / mean month, at least 2 months of data)", """
    WITH m AS (SELECT category, date_trunc('month', received_at) AS month,
        count(*) AS n FROM tickets WHERE category IS NOT NULL GROUP BY ALL)
    SELECT m.category, c.name, c.season, round(max(n) / avg(n), 2) AS peak_ratio, arg_max(strftime(month, '%Y-%m'),
        n) AS peak_month
    FROM m JOIN categories c ON c.code = m.category
    GROUP BY ALL HAVING count(*) >= 2 ORDER BY peak_ratio DESC LIMIT 12
    """);
return 0;

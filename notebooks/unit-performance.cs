#:package DuckDB.NET.Data.Full
// How handling units perform, beyond one monthly score: the spread of sign-for and reply times per unit kind, the
// units returning most tickets, and whether units with more returns also get less satisfied callers. Run:
//   dotnet run notebooks/unit-performance.cs -- data/demo.duckdb
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

Print("Sign-for and reply times by unit kind (minutes to sign, hours to reply: median and 90th percentile)", """
    SELECT u.kind AS unit_kind, count(*) AS tickets,
           round(median(minutes_to_sign), 1) AS sign_p50_min, round(quantile_cont(minutes_to_sign, 0.9),
               1) AS sign_p90_min,
           round(median(hours_to_reply), 1) AS reply_p50_h, round(quantile_cont(hours_to_reply, 0.9), 1) AS reply_p90_h
    FROM tickets t JOIN units u ON u.unit_id = t.lead_unit
    GROUP BY ALL ORDER BY tickets DESC
    """);
Print("Units returning most tickets (returns per 100 dispatches, at least 50 dispatches)", """
    SELECT e.unit_id, u.name, count(*) FILTER (WHERE e.type = 'dispatched') AS dispatched,
        count(*) FILTER (WHERE e.type = 'returned') AS returned,
           round(100.0 * count(*) FILTER (WHERE e.type = 'returned') / count(*) FILTER (WHERE e.type = 'dispatched'),
               1) AS per_100
    FROM ticket_events e JOIN units u ON u.unit_id = e.unit_id
    WHERE e.type IN ('dispatched', 'returned')
    GROUP BY ALL HAVING count(*) FILTER (WHERE e.type = 'dispatched') >= 50 ORDER BY per_100 DESC LIMIT 10
    """);
Print("Do returns go with dissatisfaction? (units with at least 50 rated tickets: "
    + "correlation of return share and satisfaction)", """
    WITH per_unit AS (
        SELECT lead_unit, avg(CASE WHEN return_count > 0 THEN 1 ELSE 0 END) AS return_share,
               avg(CASE WHEN satisfaction IN ('satisfied',
                   'basically_satisfied') THEN 1 ELSE 0 END) AS satisfied_share, count(*) AS rated
        FROM tickets WHERE satisfaction IS NOT NULL AND lead_unit IS NOT NULL GROUP BY lead_unit HAVING count(*) >= 50)
    SELECT count(*) AS units, round(corr(return_share, satisfied_share), 3) AS correlation FROM per_unit
    """);
return 0;

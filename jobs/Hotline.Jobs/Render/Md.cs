namespace Hotline.Jobs.Render;

/// <summary>
/// Small Markdown helpers shared by the briefs, digest, scorecard and disclosure (tables escape their cells).
/// </summary>
public static class Md
{
    public static string Cell(object? v) => v switch
    {
        null => "—",
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        _ => (v.ToString() ?? "").Replace("|", "\\|").Replace("\n", " "),
    };

    public static void Table(StringBuilder sb, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows)
    {
        var any = false;
        foreach (var row in rows)
        {
            if (!any)
            {
                sb.Append("| ").AppendJoin(" | ", header).AppendLine(" |");
                sb.Append('|').AppendJoin("|", header.Select(_ => "---")).AppendLine("|");
                any = true;
            }
            sb.Append("| ").AppendJoin(" | ", row.Select(Cell)).AppendLine(" |");
        }
        if (!any) sb.AppendLine("（无）");
        sb.AppendLine();
    }

    /// <summary>A cutoff as Chinese reports write it: 截至11月30日24时 for midnight, else 截至12月1日9时.</summary>
    public static string AsOf(DateTime cutoff) => cutoff.TimeOfDay == TimeSpan.Zero
        ? $"截至{cutoff.AddDays(-1):M月d日}24时" : $"截至{cutoff:M月d日H时}";

    public static string Pct(double? v) => v is { } x ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%"
        : "—";

    /// <summary>A relative change as text; "—" when there is nothing to compare with.</summary>
    public static string Change(double? v) => v is { } x ? (x >= 0 ? "+" : "") + (x * 100)
        .ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>A rate's change in percentage points (a rate's relative change misleads).</summary>
    public static string Points(double? now, double? before) => now is { } a && before is { } b
        ? ((a - b) * 100 >= 0 ? "+" : "") + ((a - b) * 100).ToString("0.0", CultureInfo.InvariantCulture) + " 个百分点"
            : "—";
}

namespace Hotline.Models.Routing;

/// <summary>
/// Chinese names for a unit kind when the ticket's place is unknown, so the card can still say who handles
/// it ("属地住房和城乡建设局（请确认所在区县）") instead of falling back to the centre: not knowing the county
/// is a question for the caller, not a reason for the centre to keep the matter.
/// </summary>
public sealed class UnitKindNames(UnitDirectory units)
{
    private static readonly Dictionary<string, string> Utilities = new(StringComparer.Ordinal)
    {
        ["WATER"] = "供水企业", ["POWER"] = "供电公司", ["GAS"] = "燃气公司", ["HEATING"] = "供热企业",
        ["TELECOM"] = "通信运营商",
    };

    public string? Name(string kind)
    {
        if (kind == "D") return "属地区县人民政府（请确认所在区县）";
        if (kind == "T") return "属地乡镇人民政府（街道办事处）（请确认所在乡镇街道）";
        if (kind.StartsWith("U-", StringComparison.Ordinal))
            return Utilities.TryGetValue(kind[2..], out var u) ? $"属地{u}（请确认所在区县）" : null;
        if (!kind.StartsWith("CD-", StringComparison.Ordinal)) return units.Find(kind)?.Name;
        // The county department is named like the city's: 临沂市住房和城乡建设局 → 属地住房和城乡建设局.
        var city = units.Find("C-" + kind[3..])?.Name;
        if (city is null) return null;
        var i = city.IndexOf('市', StringComparison.Ordinal);
        return $"属地{(i >= 0 ? city[(i + 1)..] : city)}（请确认所在区县）";
    }

    /// <summary>The kind's name for tables and titles (区县城市管理局, 供水企业): no request to confirm the place.</summary>
    public string Plain(string kind) => (Name(kind) ?? kind).Replace("（请确认所在区县）", "", StringComparison.Ordinal)
        .Replace("（请确认所在乡镇街道）", "", StringComparison.Ordinal)
        .Replace("属地", kind.StartsWith("CD-", StringComparison.Ordinal) ? "区县" : "", StringComparison.Ordinal);
}

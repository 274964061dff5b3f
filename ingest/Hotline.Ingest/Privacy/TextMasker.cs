using System.Text.RegularExpressions;

namespace Hotline.Ingest.Privacy;

/// <summary>
/// Masks personal data in free text before it is shown to anyone but the call-taker: mobile and landline
/// numbers, ID-card numbers, bank-card numbers, e-mail addresses, exact house numbers (楼/单元/室), and the ways
/// callers name themselves or others in a ticket (我姓王, 我叫王某某, 本人李四, 张先生/李女士). A name with no such cue
/// is not recognised (that needs a name model); the ticket text is never exported whole for that reason.
/// </summary>
public static partial class TextMasker
{
    [GeneratedRegex(@"(?<!\d)\d{17}[\dXx](?!\d)")] private static partial Regex IdCard();
    [GeneratedRegex(@"(?<!\d)\d{16,19}(?!\d)")] private static partial Regex BankCard();
    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")] private static partial Regex Mobile();
    [GeneratedRegex(@"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")] private static partial Regex Landline();
    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+")] private static partial Regex Email();
    [GeneratedRegex(@"\d+\s*(号楼|栋|幢|单元|室|号房|户)")] private static partial Regex HouseNumber();
    // 我姓王 / 我叫王小明 / 本人是李四 / 联系人张三: the cue stays, the name goes.
    [GeneratedRegex(@"(我姓|我叫|我是|本人姓|本人叫|本人是|本人|联系人|姓名[:：]?)([\u4e00-\u9fa5]{1,3}?)(?=[，。,.！!？?\s]|$|先生|女士|的)")]
    private static partial Regex SelfName();
    [GeneratedRegex(@"[\u4e00-\u9fa5](先生|女士)")] private static partial Regex Honorific();

    public static string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var s = IdCard().Replace(text, "[身份证号]");
        s = BankCard().Replace(s, "[银行卡号]");
        s = Mobile().Replace(s, m => m.Value[..3] + "****" + m.Value[^4..]);
        s = Landline().Replace(s, "[电话]");
        s = Email().Replace(s, "[邮箱]");
        s = HouseNumber().Replace(s, m => "*" + m.Groups[1].Value);
        s = SelfName().Replace(s, m => IsNotName(m.Groups[2].Value) ? m.Value : m.Groups[1].Value + "*");
        s = Honorific().Replace(s, m => "*" + m.Groups[1].Value);
        return s;
    }

    /// <summary>
    /// The personal data <see cref="Mask"/> would remove from <paramref name="text"/>, as (kind, offset) pairs: what
    /// `hotline pii-scan` reports. Masked output finds nothing (masking is idempotent).
    /// </summary>
    public static IEnumerable<(string Kind, int Offset)> Find(string text)
    {
        foreach (Match m in IdCard().Matches(text)) yield return ("id_card", m.Index);
        foreach (Match m in BankCard().Matches(text)) if (!IdCard().IsMatch(m.Value)) yield return ("bank_card",
            m.Index);
        foreach (Match m in Mobile().Matches(text)) yield return ("mobile", m.Index);
        foreach (Match m in Landline().Matches(text)) yield return ("landline", m.Index);
        foreach (Match m in Email().Matches(text)) yield return ("email", m.Index);
        foreach (Match m in HouseNumber().Matches(text)) yield return ("house_number", m.Index);
        foreach (Match m in SelfName().Matches(text)) if (!IsNotName(m.Groups[2].Value)) yield return ("name", m.Index);
        foreach (Match m in Honorific().Matches(text)) yield return ("name", m.Index);
    }

    // "我是…" is mostly followed by a role, not a name (我是居民, 我是业主, 我是附近上班的); only short runs that are not
    // such words are taken as names.
    private static readonly string[] NotNames = ["居民", "业主", "附近", "家长", "学生", "老师", "司机", "商户", "租户", "村民", "外地",
        "本地", "这里", "那里",
        "临沂", "市民", "一名", "一个", "他们", "患者", "职工", "员工", "工人", "住户", "农民", "退休"];

    private static bool IsNotName(string run) => run.Length == 0
        || NotNames.Any(w => run.StartsWith(w[..Math.Min(w.Length, run.Length)], StringComparison.Ordinal));
}

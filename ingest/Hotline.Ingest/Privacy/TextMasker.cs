using System.Text.RegularExpressions;

namespace Hotline.Ingest.Privacy;

/// <summary>
/// Masks personal data in free text before it is shown to anyone but the call-taker: mobile and landline
/// numbers, ID-card numbers, bank-card numbers, e-mail addresses, and exact house numbers (楼/单元/室).
/// Names are not recognised here (that needs a name model); outputs that may carry them say so.
/// </summary>
public static partial class TextMasker
{
    [GeneratedRegex(@"(?<!\d)\d{17}[\dXx](?!\d)")] private static partial Regex IdCard();
    [GeneratedRegex(@"(?<!\d)\d{16,19}(?!\d)")] private static partial Regex BankCard();
    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")] private static partial Regex Mobile();
    [GeneratedRegex(@"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")] private static partial Regex Landline();
    [GeneratedRegex(@"[\w.+-]+@[\w-]+(\.[\w-]+)+")] private static partial Regex Email();
    [GeneratedRegex(@"\d+\s*(号楼|栋|幢|单元|室|号房|户)")] private static partial Regex HouseNumber();

    public static string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var s = IdCard().Replace(text, "[身份证号]");
        s = BankCard().Replace(s, "[银行卡号]");
        s = Mobile().Replace(s, m => m.Value[..3] + "****" + m.Value[^4..]);
        s = Landline().Replace(s, "[电话]");
        s = Email().Replace(s, "[邮箱]");
        s = HouseNumber().Replace(s, m => "*" + m.Groups[1].Value);
        return s;
    }
}

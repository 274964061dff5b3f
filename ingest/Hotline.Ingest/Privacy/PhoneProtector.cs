using System.Security.Cryptography;

namespace Hotline.Ingest.Privacy;

/// <summary>
/// Turns a caller's phone number into what the warehouse may keep: a keyed hash (HMAC-SHA256 with the
/// warehouse's secret salt, so repeat callers can be linked without the number being recoverable by a
/// dictionary attack on the 10^11 phone space) and a masked form for staff (138****1234).
/// </summary>
public sealed class PhoneProtector(byte[] salt)
{
    public static bool IsPlausible(string phone)
    {
        var digits = 0;
        foreach (var c in phone)
        {
            if (char.IsAsciiDigit(c)) digits++;
            else if (c is not ('+' or '-' or ' ' or '(' or ')')) return false;
        }
        return digits is >= 7 and <= 15;
    }

    public static string Digits(string phone)
    {
        var sb = new StringBuilder(phone.Length);
        foreach (var c in phone) if (char.IsAsciiDigit(c)) sb.Append(c);
        var s = sb.ToString();
        // +86 / 0086 country prefix: the same mobile number must hash the same however it was typed.
        if (s.Length == 13 && s.StartsWith("86", StringComparison.Ordinal)) s = s[2..];
        else if (s.Length == 15 && s.StartsWith("0086", StringComparison.Ordinal)) s = s[4..];
        return s;
    }

    public string Hash(string phone)
    {
        var digits = Digits(phone);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(salt, Encoding.ASCII.GetBytes(digits), mac);
        return Convert.ToHexStringLower(mac[..16]);
    }

    public static string Mask(string phone)
    {
        var d = Digits(phone);
        if (d.Length >= 11) return d[..3] + "****" + d[^4..];
        if (d.Length >= 7) return new string('*', d.Length - 4) + d[^4..];
        return new string('*', d.Length);
    }
}

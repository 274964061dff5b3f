using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hotline.Cli.Commands;

/// <summary>JSON output settings: snake_case keys, Chinese left readable, indented.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}

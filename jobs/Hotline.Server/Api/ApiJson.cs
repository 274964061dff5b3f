using System.Text.Encodings.Web;
using System.Text.Json.Serialization;

namespace Hotline.Server.Api;

/// <summary>
/// JSON of the HTTP API (and of the CLI's --json output, which prints the same documents): snake_case keys, Chinese
/// left readable, indented; request bodies are read strictly (numbers are numbers, not strings).
/// </summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static readonly JsonSerializerOptions Body = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.Strict,
    };
}

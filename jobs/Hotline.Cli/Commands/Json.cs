namespace Hotline.Cli.Commands;

/// <summary>The CLI's --json output is the API's JSON (snake_case keys, Chinese left readable, indented).</summary>
public static class Json
{
    public static JsonSerializerOptions Options => Server.Api.ApiJson.Options;
}

using Hotline.Models.Routing;

namespace Hotline.Server.Api;

/// <summary>The body of POST /v1/route: a ticket as it reaches the dispatcher (snake_case JSON).</summary>
public sealed record RouteBody
{
    /// <summary>
    /// The caller's words (required, at most <see cref="RouteEndpoint.MaxContentChars"/> characters).
    /// </summary>
    public string? Content { get; init; }
    public string? Title { get; init; }
    /// <summary>County-level area code, e.g. 371302 (兰山区).</summary>
    public string? District { get; init; }
    /// <summary>Township/street code.</summary>
    public string? Township { get; init; }
    public string? Channel { get; init; }
    public string? RequestType { get; init; }
    /// <summary>When the centre received it (ISO 8601 with offset); defaults to now. Deadlines count from it.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }
}

/// <summary>
/// A suggestion and the model that made it; for consultations the knowledge base can answer, the closest past
/// answered questions with their replies (personal data masked).
/// </summary>
public sealed record RouteResponse(string ModelVersion, RouteSuggestion Suggestion,
    IReadOnlyList<Models.Knowledge.KbMatch>? SimilarAnswers = null);

/// <summary>
/// POST /v1/route. The body is read and validated here rather than by model binding so that every bad input
/// (not JSON, wrong types, missing text, unknown place, too large) gets a 400 problem document saying what is
/// wrong, never a 500 or an empty 400.
/// </summary>
public static class RouteEndpoint
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxContentChars = 5_000;

    public static async Task<IResult> Handle(HttpRequest http, ServingModel serving, KnowledgeHolder knowledge,
        ServerOptions options, CancellationToken cancel)
    {
        if (http.ContentLength is > MaxBodyBytes)
            return Problems.Of(413, "request too large", $"the body may be at most {MaxBodyBytes / 1024} KiB");
        if (http.ContentType is { } ct && !ct.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            return Problems.Of(415, "unsupported media type", "send the ticket as application/json");
        RouteBody? body;
        try
        {
            var buffer = new MemoryStream();
            await CopyLimited(http.Body, buffer, MaxBodyBytes, cancel);
            body = JsonSerializer.Deserialize<RouteBody>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length),
                ApiJson.Body);
        }
        catch (BodyTooLargeException)
        {
            return Problems.Of(413, "request too large", $"the body may be at most {MaxBodyBytes / 1024} KiB");
        }
        catch (JsonException ex)
        {
            return Problems.Of(400, "body is not a valid ticket",
                $"JSON error{(ex.Path is { Length: > 0 } p ? $" at {p}" : "")}: {FirstLine(ex.Message)}");
        }
        if (body is null) return Problems.Of(400, "body is not a valid ticket",
            "expected a JSON object with at least \"content\"");

        var errors = Validate(body);
        if (errors.Count > 0) return Results.ValidationProblem(errors, title: "the ticket has invalid fields");

        var loaded = serving.Current;
        if (loaded is null) return Problems.Of(503, "no routing model yet",
            "this warehouse has no promoted routing model: stop the server, run `hotline train "
                + "--db <file>`, start it again");
        var suggestion = loaded.Model.Suggest(new RouteRequest
        {
            Content = body.Content!, Title = body.Title ?? "", District = body.District, Township = body.Township,
            Channel = body.Channel,
            RequestType = body.RequestType,
            ReceivedAt = body.ReceivedAt is { } at ? ChinaClock.ToChina(at) : options.Clock.Now,
        });
        var answers = suggestion.Disposition == Disposition.KbAnswer || body.RequestType == "consultation"
            ? knowledge.Current?.Nearest((body.Title ?? "") + " " + body.Content) : null;
        return Results.Json(new RouteResponse(loaded.Run.Version, suggestion, answers), ApiJson.Options);
    }

    private static Dictionary<string, string[]> Validate(RouteBody b)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(b.Content)) errors["content"] = ["required: the ticket's text"];
        else if (b.Content.Length > MaxContentChars) errors["content"] = [$"at most {MaxContentChars} characters"];
        if ((b.Title?.Length ?? 0) > 500) errors["title"] = ["at most 500 characters"];
        if (b.District is { } d && UnitDirectory.Default.Area(d)?.Level != "county")
            errors["district"] = [$"unknown county-level area code '{Truncate(d)}'"];
        if (b.Township is { } t && UnitDirectory.Default.Area(t)?.Level != "township")
            errors["township"] = [$"unknown township/street code '{Truncate(t)}'"];
        return errors;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
    private static string FirstLine(string s) => s.Split('\n')[0];

    private sealed class BodyTooLargeException : Exception;

    private static async Task CopyLimited(Stream from, Stream to, int limit, CancellationToken cancel)
    {
        var buf = new byte[8192];
        int n;
        while ((n = await from.ReadAsync(buf, cancel)) > 0)
        {
            if (to.Length + n > limit) throw new BodyTooLargeException();
            await to.WriteAsync(buf.AsMemory(0, n), cancel);
        }
    }
}

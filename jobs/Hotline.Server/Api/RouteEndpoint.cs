using Hotline.Models.Routing;

namespace Hotline.Server.Api;

/// <summary>The body of POST /v1/route: a ticket as it reaches the dispatcher (snake_case JSON).</summary>
/// <param name="Content">The caller's words (required, at most <see cref="RouteEndpoint.MaxContentChars"/>
/// characters).</param>
/// <param name="District">County-level area code, e.g. 371302 (兰山区).</param>
/// <param name="Township">Township/street code.</param>
/// <param name="ReceivedAt">When the centre received it (ISO 8601 with offset); defaults to now. Deadlines count from
/// it.</param>
public sealed record RouteBody(string Content, string? Title, string? District, string? Township, string? Channel,
    string? RequestType, DateTime? ReceivedAt);

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
        ServerOptions options, CityRouterHolder city, CancellationToken cancel)
    {
        var (json, problem) = await JsonBody.ReadAsync(http, MaxBodyBytes, cancel);
        if (problem is not null) return problem;
        RouteBody body;
        Dictionary<string, string[]>? errors;
        var db = RequestAccess.Warehouse(http.HttpContext);
        using (json) (body, errors) = Read(json!, options.Clock.Now, db.Units);
        if (errors is not null) return Results.ValidationProblem(errors, title: "the ticket has invalid fields");
        // An imported city is routed by its own router, learned from its history.
        if (db.City is not null) return CityRouteEndpoint.Handle(body, city, db, options.Clock.Now);

        var loaded = serving.Current;
        if (loaded is null) return Problems.Of(503, "no routing model yet", serving.Problem
            ?? "this warehouse has no promoted routing model: stop the server, run `hotline train --db <file>`, "
                + "start it again");
        var suggestion = loaded.Model.Suggest(new RouteRequest
        {
            Content = body.Content, Title = body.Title ?? "", District = body.District, Township = body.Township,
            Channel = body.Channel,
            RequestType = body.RequestType,
            ReceivedAt = body.ReceivedAt ?? options.Clock.Now,
        });
        var answers = suggestion.Disposition == Disposition.KbAnswer || body.RequestType == "consultation"
            ? knowledge.Current?.Nearest((body.Title ?? "") + " " + body.Content) : null;
        return Results.Json(new RouteResponse(loaded.Run.Version, suggestion, answers), ApiJson.Options);
    }

    /// <summary>The body as a ticket, or what is wrong with it, field by field, in plain words.</summary>
    internal static (RouteBody Body, Dictionary<string, string[]>? Errors) Read(JsonBody json, DateTime now,
        UnitDirectory? units = null)
    {
        units ??= UnitDirectory.Default;
        var content = json.String("content", MaxContentChars);
        if (string.IsNullOrWhiteSpace(content) && !json.Errors.ContainsKey("content"))
            json.Error("content", "is required: the ticket's text");
        var title = json.String("title", 500);
        var district = json.String("district", 12, code: true);
        var township = json.String("township", 12, code: true);
        if (district is not null && units.Area(district)?.Level != "county")
            json.Error("district", $"'{Truncate(district)}' is not a county-level area code");
        if (township is not null && units.Area(township)?.Level != "township")
            json.Error("township", $"'{Truncate(township)}' is not a township or street code");
        var channel = json.String("channel", 32, code: true);
        var requestType = json.String("request_type", 32, code: true);
        var receivedAt = json.Time("received_at", new DateTime(2000, 1, 1), now.AddDays(1));
        var body = new RouteBody(content ?? "", title, district, township, channel, requestType, receivedAt);
        return (body, json.Errors.Count > 0 ? json.Errors : null);
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

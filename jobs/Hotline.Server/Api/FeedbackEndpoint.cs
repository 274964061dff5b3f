using Hotline.Models.Routing;

namespace Hotline.Server.Api;

/// <summary>
/// POST /v1/route/{ticketId}/feedback (dispatchers' keys): {"verdict": "accepted"} or {"verdict": "overridden",
/// "unit_id": "CD-ZJ-371302", "category": "UC.PROP.REPAIR"}. Stored in route_feedback; the next training takes the
/// chosen unit as the label of a ticket with no final lead yet, and the weekly routing watchdog counts verdicts.
/// </summary>
public static class FeedbackEndpoint
{
    public static void Map(WebApplication app) => app.MapPost("/v1/route/{ticketId}/feedback",
            async (HttpContext ctx, string ticketId) =>
        {
            var access = RequestAccess.Of(ctx);
            if (ticketId.Length > 64) return Problems.Of(404, "no such suggestion",
                RouteFeedback.NoSuggestion);
            var (json, problem) = await JsonBody.ReadAsync(ctx.Request, 4096, ctx.RequestAborted);
            if (problem is not null) return problem;
            using var body = json!;
            var verdictText = body.String("verdict", 32, code: true);
            var unit = body.String("unit_id", 64, code: true);
            var category = body.String("category", 64, code: true);
            if (!Codes.TryParse<FeedbackVerdict>(verdictText, out var verdict) && !body.Errors.ContainsKey("verdict"))
                body.Error("verdict", "is required: accepted or overridden");
            if (body.Errors.Count > 0) return Results.ValidationProblem(body.Errors, title: "bad feedback");
            var why = RouteFeedback.Check(access.Connection, ticketId, verdict, unit, category, UnitDirectory.Default,
                ReferenceData.Default);
            if (why == RouteFeedback.NoSuggestion) return Problems.Of(404, "no such suggestion", why);
            if (why is not null) return Problems.Of(400, "bad feedback", why);
            try
            {
                var row = RouteFeedback.Save(access.Connection, ticketId, verdict, unit, category, access.Key?.KeyId,
                    ctx.RequestServices.GetRequiredService<ServerOptions>().Clock.Now);
                access.Rows = 1;
                return Results.Json(row, ApiJson.Options, statusCode: 201);
            }
            catch (ArgumentException ex) { return Problems.Of(400, "bad feedback", ex.Message); }
        })
        .AddEndpointFilter(ApiAccess.Require(r => r.MayRoute,
            "feedback on suggestions comes from the centre's dispatchers"))
        .WithSummary("A dispatcher's verdict on a suggestion: accepted, or overridden with the unit chosen");
}

namespace Hotline.Server.Api;

/// <summary>RFC 7807 problem documents: every refusal says in plain words what was wrong and what to do.</summary>
public static class Problems
{
    public static IResult Of(int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status);
}

namespace ColdMail.Api;

/// <summary>
/// Errors of the HTTP API as problem details (RFC 9457): <c>application/problem+json</c> with a status,
/// a title and a detail a person can act on; a mistake in one parameter names it.
/// </summary>
public static class ApiProblem
{
    public static Task WriteAsync(
        HttpContext context,
        int status,
        string title,
        string detail,
        string? parameter = null)
    {
        var extensions = parameter is null
            ? null
            : new Dictionary<string, object?> { ["parameter"] = parameter };
        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions)
            .ExecuteAsync(context);
    }

    /// <summary>A 400 for a bad value of one query parameter or header.</summary>
    public static Task BadParameterAsync(HttpContext context, string parameter, string detail)
        => WriteAsync(context, StatusCodes.Status400BadRequest, $"Invalid parameter '{parameter}'", detail,
            parameter);
}

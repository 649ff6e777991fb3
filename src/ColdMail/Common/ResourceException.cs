namespace ColdMail.Common;

/// <summary>
/// A mistake in what a person asked for (unknown name, duplicate, malformed value, not allowed).
/// Its message is written for that person; the CLI prints it as one line, the API as a problem detail.
/// </summary>
public sealed class ResourceException(ResourceError error, string message) : Exception(message)
{
    public ResourceError Error { get; } = error;

    /// <summary>The request parameter (query parameter, CLI option without dashes) the mistake is in.</summary>
    public string? Parameter { get; init; }

    public static ResourceException NotFound(string message) => new(ResourceError.NotFound, message);

    public static ResourceException Conflict(string message) => new(ResourceError.Conflict, message);

    public static ResourceException Invalid(string message) => new(ResourceError.Invalid, message);

    public static ResourceException Forbidden(string message) => new(ResourceError.Forbidden, message);

    /// <summary>The same mistake, said to be in the named parameter.</summary>
    public ResourceException In(string parameter) => new(Error, Message) { Parameter = parameter };
}

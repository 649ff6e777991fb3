namespace ColdMail.Common;

/// <summary>
/// A mistake in what a person asked for (unknown name, duplicate, malformed value, not allowed).
/// Its message is written for that person; the CLI prints it as one line, the API as a problem detail.
/// </summary>
public sealed class ResourceException(ResourceError error, string message) : Exception(message)
{
    public ResourceError Error { get; } = error;

    public static ResourceException NotFound(string message) => new(ResourceError.NotFound, message);

    public static ResourceException Conflict(string message) => new(ResourceError.Conflict, message);

    public static ResourceException Invalid(string message) => new(ResourceError.Invalid, message);

    public static ResourceException Forbidden(string message) => new(ResourceError.Forbidden, message);
}

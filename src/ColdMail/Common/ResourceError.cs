namespace ColdMail.Common;

/// <summary>The kind of a <see cref="ResourceException"/>; maps to an HTTP status and a CLI exit code.</summary>
public enum ResourceError
{
    Invalid = 0,
    NotFound = 1,
    Conflict = 2,
    Forbidden = 3,
}

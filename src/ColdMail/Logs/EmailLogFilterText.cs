using System.Globalization;
using System.Reflection;
using ColdMail.Common;
using ColdMail.Domains;

namespace ColdMail.Logs;

/// <summary>
/// The email log filters as people type them, under the names the CLI (<c>--domain</c>) and the HTTP API
/// (<c>?domain=</c>) share, so that both check them alike. A blank value is no filter.
/// </summary>
public sealed record EmailLogFilterText(
    string? Domain = null,
    string? Mailbox = null,
    string? Recipient = null,
    string? Message = null,
    string? Event = null,
    string? Code = null,
    string? Since = null,
    string? Until = null)
{
    public const string DomainParameter = "domain";
    public const string MailboxParameter = "mailbox";
    public const string RecipientParameter = "recipient";
    public const string MessageParameter = "message";
    public const string EventParameter = "event";
    public const string CodeParameter = "code";
    public const string SinceParameter = "since";
    public const string UntilParameter = "until";

    // RFC 5321 §4.5.3.1.3: a path is at most 256 octets, so no longer address was ever logged.
    private const int MaxAddressLength = 256;

    private static readonly string[] KnownEvents = typeof(EmailEvents)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    /// <summary>
    /// The filter these values describe, ages counted back from <paramref name="now"/>. A bad value throws an
    /// invalid-request <see cref="ResourceException"/> whose <c>Parameter</c> names it. Whether the domain
    /// belongs to the workspace is checked when the log is read.
    /// </summary>
    public EmailLogFilter Parse(DateTimeOffset now) => new(
        DomainValue(Domain),
        Address(Mailbox, MailboxParameter),
        Address(Recipient, RecipientParameter),
        EventValue(Event),
        Moment(Since, SinceParameter, now),
        Moment(Until, UntilParameter, now),
        MessageValue(Message),
        CodeValue(Code));

    private static string? DomainValue(string? text)
    {
        if (Blank(text))
        {
            return null;
        }
        return DomainName.TryNormalise(text, out var name, out var error)
            ? name
            : throw ResourceException.Invalid(error).In(DomainParameter);
    }

    private static string? Address(string? text, string parameter)
    {
        if (Blank(text))
        {
            return null;
        }
        var trimmed = text.Trim();
        return trimmed.Length <= MaxAddressLength
            ? trimmed
            : throw ResourceException.Invalid(
                $"The {parameter} address is longer than {MaxAddressLength} characters.").In(parameter);
    }

    private static string? EventValue(string? text)
    {
        if (Blank(text))
        {
            return null;
        }
        var name = text.Trim().ToLowerInvariant();
        return KnownEvents.Contains(name)
            ? name
            : throw ResourceException.Invalid(
                $"'{Shorten(text)}' is not an event; use one of {string.Join(", ", KnownEvents)}.")
                .In(EventParameter);
    }

    private static DateTimeOffset? Moment(string? text, string parameter, DateTimeOffset now)
    {
        if (Blank(text))
        {
            return null;
        }
        try
        {
            return TimeBound.Parse(text, now);
        }
        catch (ResourceException e)
        {
            throw e.In(parameter);
        }
    }

    private static Guid? MessageValue(string? text)
    {
        if (Blank(text))
        {
            return null;
        }
        return Guid.TryParse(text.Trim(), out var id)
            ? id
            : throw ResourceException.Invalid(
                $"'{Shorten(text)}' is not a message id: give the 32 hex digits from 'queued as' or the log.")
                .In(MessageParameter);
    }

    private static int? CodeValue(string? text)
    {
        if (Blank(text))
        {
            return null;
        }
        // RFC 5321 §4.2: a reply code is three digits, the first from 2 to 5.
        var ok = int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            && code is >= 200 and <= 599;
        return ok
            ? code
            : throw ResourceException.Invalid(
                $"'{Shorten(text)}' is not an SMTP reply code: give three digits from 200 to 599, such as 550.")
                .In(CodeParameter);
    }

    private static bool Blank([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? text)
        => string.IsNullOrWhiteSpace(text);

    // What a person typed is echoed back, but never at a length that floods a terminal or a response.
    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}

using ColdMail.Smtp;

namespace ColdMail.Policy;

/// <summary>
/// The outcome of the header checks: a refusal, or the bytes to store and their Message-ID.
/// </summary>
internal sealed record PreparedMessage(SmtpReply? Refusal, byte[] Content, string? HeaderMessageId)
{
    public static PreparedMessage Refused(SmtpReply reply) => new(reply, [], null);
}

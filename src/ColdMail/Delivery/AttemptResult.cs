namespace ColdMail.Delivery;

/// <summary>
/// What one attempt ended with for one recipient: the stage, the reply (or none when the network failed),
/// and where it was seen.
/// </summary>
public sealed record AttemptResult(
    DeliveryStage Stage,
    int? Code,
    string? EnhancedCode,
    string Text,
    string? Host = null,
    string? RemoteAddress = null,
    bool? Tls = null)
{
    /// <summary>Only the reply after the data hands the message over (RFC 5321 §4.1.1.4).</summary>
    public bool IsDelivered => Stage == DeliveryStage.Data && Code is >= 200 and < 300;

    /// <summary>
    /// A 5yz reply is permanent (RFC 5321 §4.2.1), except at AUTH, where it means our own settings are
    /// wrong and waiting for a fix is right. Anything without a reply is temporary.
    /// </summary>
    public bool IsPermanent => Code is >= 500 and < 600 && Stage != DeliveryStage.Authenticate;

    public static AttemptResult FromReply(
        DeliveryStage stage,
        int code,
        string text,
        string? host = null,
        string? remoteAddress = null,
        bool? tls = null)
    {
        var (enhanced, rest) = SmtpReplyText.Split(code, text);
        return new AttemptResult(stage, code, enhanced, rest, host, remoteAddress, tls);
    }
}

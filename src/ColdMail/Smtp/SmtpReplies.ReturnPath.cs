namespace ColdMail.Smtp;

/// <summary>The replies of the return-path listener, which takes delivery status notifications only.</summary>
public static partial class SmtpReplies
{
    // RFC 3463 X.1.1: the mailbox does not exist. A token that does not verify names no one.
    public static readonly SmtpReply NoSuchReturnPath = new(550, "5.1.1",
        "No such user here");

    // RFC 3463 X.7.1: delivery not authorized, message refused; the address takes reports only.
    public static readonly SmtpReply ReportsOnly = new(550, "5.7.1",
        "This address accepts delivery status notifications (RFC 3464) only");

    public static readonly SmtpReply ReportAccepted = new(250, "2.0.0",
        "Delivery status notification received");
}

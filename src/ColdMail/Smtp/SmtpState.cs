namespace ColdMail.Smtp;

/// <summary>Where a session stands in the dialogue; <see cref="SmtpStateTable"/> says what each allows.</summary>
public enum SmtpState
{
    /// <summary>Just connected, or just after STARTTLS (RFC 3207 §4.2): EHLO is needed.</summary>
    Connected,

    /// <summary>EHLO or HELO given, no transaction open.</summary>
    Greeted,

    /// <summary>MAIL accepted, no recipient yet.</summary>
    MailGiven,

    /// <summary>At least one RCPT accepted.</summary>
    RecipientGiven,

    /// <summary>After 354, until the end-of-data line.</summary>
    ReceivingData,
}

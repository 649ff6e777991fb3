namespace ColdMail.Smtp;

/// <summary>
/// Every reply the protocol engine gives. Basic codes follow RFC 5321 §4.2; enhanced codes follow
/// RFC 3463, whose class digit always agrees with the basic code (4.x.x for a temporary condition).
/// RFC 2034 §3 leaves the enhanced code off the greeting and the EHLO/HELO replies, and 3xx
/// intermediate replies have no enhanced class at all. Policy replies live in a second part.
/// </summary>
public static partial class SmtpReplies
{
    public static SmtpReply Greeting(string hostname) => new(220, null, $"{hostname} ESMTP ready");

    public static SmtpReply Helo(string hostname) => new(250, null, hostname);

    /// <summary>The EHLO reply: the host name, then one keyword per line (RFC 5321 §4.1.1.1).</summary>
    public static SmtpReply Ehlo(string hostname, IEnumerable<string> keywords) =>
        new(250, null, string.Join('\n', keywords.Prepend(hostname)));

    public static SmtpReply Closing(string hostname) => new(221, "2.0.0", $"{hostname} closing connection");

    public static readonly SmtpReply Ok = new(250, "2.0.0", "OK");

    public static readonly SmtpReply Reset = new(250, "2.0.0", "Reset OK");

    // X.1.0: other address status; X.1.5: destination address valid.
    public static readonly SmtpReply SenderOk = new(250, "2.1.0", "Sender OK");

    public static readonly SmtpReply RecipientOk = new(250, "2.1.5", "Recipient OK");

    public static readonly SmtpReply StartMailInput = new(354, null, "End data with <CR><LF>.<CR><LF>");

    // RFC 5321 §3.5.3: 252 when the server will not verify but will try to deliver.
    public static readonly SmtpReply CannotVerify =
        new(252, "2.5.0", "Cannot verify the address, but will accept the message and attempt delivery");

    public static readonly SmtpReply Help = new(214, "2.0.0",
        "Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET NOOP QUIT VRFY HELP");

    // RFC 3207 §4.
    public static readonly SmtpReply ReadyToStartTls = new(220, "2.0.0", "Ready to start TLS");

    public static readonly SmtpReply StartTlsFirst = new(530, "5.7.0", "Must issue a STARTTLS command first");

    public static readonly SmtpReply TlsAlreadyActive = new(503, "5.5.1", "TLS is already active");

    // RFC 4954 §4 and §6.
    public static readonly SmtpReply AuthenticationRequired = new(530, "5.7.0", "Authentication required");

    public static readonly SmtpReply AuthenticationSucceeded = new(235, "2.7.0", "Authentication succeeded");

    public static readonly SmtpReply AuthenticationFailed = new(535, "5.7.8", "Authentication credentials invalid");

    public static readonly SmtpReply AuthenticationUnavailable =
        new(454, "4.7.0", "Temporary authentication failure, please retry");

    public static readonly SmtpReply AuthMechanismUnknown =
        new(504, "5.5.4", "Unrecognized authentication type; use PLAIN or LOGIN");

    public static readonly SmtpReply AuthCancelled = new(501, "5.7.0", "Authentication cancelled");

    public static readonly SmtpReply AuthResponseMalformed =
        new(501, "5.5.2", "Cannot decode the authentication response");

    public static readonly SmtpReply AlreadyAuthenticated = new(503, "5.5.1", "Already authenticated");

    /// <summary>An empty server challenge: "334 " asks for the PLAIN response (RFC 4954 §4).</summary>
    public static readonly SmtpReply AuthContinue = new(334, null, string.Empty);

    // The LOGIN mechanism's customary prompts, "Username:" and "Password:" in base64.
    public static readonly SmtpReply LoginUserNamePrompt = new(334, null, "VXNlcm5hbWU6");

    public static readonly SmtpReply LoginPasswordPrompt = new(334, null, "UGFzc3dvcmQ6");

    // X.5.1: invalid command; X.5.2: syntax error; X.5.4: invalid command arguments.
    public static readonly SmtpReply CommandUnrecognized = new(500, "5.5.1", "Command unrecognized");

    public static readonly SmtpReply CommandNotImplemented = new(502, "5.5.1", "Command not implemented");

    public static readonly SmtpReply LineTooLong = new(500, "5.5.2", "Line too long");

    public static readonly SmtpReply BareLineEndingInCommand =
        new(500, "5.5.2", "Command lines must end with CRLF");

    public static readonly SmtpReply SyntaxError = new(501, "5.5.2", "Syntax error");

    public static SmtpReply InvalidArguments(string why) => new(501, "5.5.4", why);

    public static SmtpReply ParameterNotRecognized(string name) =>
        new(555, "5.5.4", $"Parameter not recognized: {name}");

    public static readonly SmtpReply SendEhloFirst = new(503, "5.5.1", "Bad sequence of commands: send EHLO first");

    public static readonly SmtpReply SendMailFirst = new(503, "5.5.1", "Bad sequence of commands: send MAIL first");

    public static readonly SmtpReply TransactionInProgress =
        new(503, "5.5.1", "Bad sequence of commands: finish or RSET the current transaction first");

    // RFC 2920 §3.1: DATA after every RCPT was refused.
    public static readonly SmtpReply NoValidRecipients = new(554, "5.5.1", "No valid recipients");

    // X.1.7: bad sender's mailbox syntax; X.1.3: bad destination mailbox syntax.
    public static SmtpReply SenderSyntax(string why) => new(501, "5.1.7", $"Bad sender address: {why}");

    public static SmtpReply RecipientSyntax(string why) => new(501, "5.1.3", $"Bad recipient address: {why}");

    // X.7.1: not authorized to use this address.
    public static readonly SmtpReply AddressLiteralRefused =
        new(553, "5.7.1", "Address literals are not accepted; use a domain name");

    // RFC 6531 §3.7.4.2: X.6.7, non-ASCII addresses not permitted.
    public static readonly SmtpReply NonAsciiAddressRefused =
        new(553, "5.6.7", "Non-ASCII addresses need the SMTPUTF8 parameter on MAIL");

    // RFC 1870 §6.1 and RFC 3463 X.3.4: message too big for system.
    public static SmtpReply MessageTooBig(long maxSize) =>
        new(552, "5.3.4", $"Message exceeds the maximum size of {maxSize} octets");

    // RFC 5321 §4.5.3.1.10: 452 for one recipient too many; X.5.3: too many recipients.
    public static readonly SmtpReply TooManyRecipients =
        new(452, "4.5.3", "Too many recipients; send the others in another message");

    // X.6.0: a media (content) error no other code describes. RFC 5321 §2.3.8 allows CR and LF only as CRLF.
    public static readonly SmtpReply BareLineEnding = new(554, "5.6.0",
        "Message refused: it contains a bare CR or LF; every line must end with CRLF");

    // RFC 5321 §4.5.3.1.6: a text line is at most 1000 octets with its CRLF.
    public static readonly SmtpReply MessageLineTooLong = new(554, "5.6.0",
        "Message refused: a line is longer than 1000 octets; encode the body (e.g. quoted-printable)");

    // X.4.2: the connection could not complete in time; X.3.2: system not accepting network messages.
    public static readonly SmtpReply IdleTimeout = new(421, "4.4.2", "Idle too long, closing connection");

    public static readonly SmtpReply SessionTimeLimit =
        new(421, "4.4.2", "Session time limit reached, closing connection; reconnect to continue");

    public static readonly SmtpReply ShuttingDown =
        new(421, "4.3.2", "Service shutting down, please retry later");

    // X.7.0: a security policy refusal.
    public static readonly SmtpReply TooManyConnections =
        new(421, "4.7.0", "Too many connections from your address, please retry later");

    public static readonly SmtpReply TooManyErrors = new(421, "4.7.0", "Too many errors, closing connection");

    /// <summary>
    /// The one reply for anything unexpected: temporary, so nothing is lost, and it reveals only the
    /// session id that finds the log line.
    /// </summary>
    public static SmtpReply UnexpectedError(string sessionId) =>
        new(451, "4.3.0", $"Temporary failure, please retry (session {sessionId})");
}

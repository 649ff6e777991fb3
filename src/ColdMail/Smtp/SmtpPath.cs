namespace ColdMail.Smtp;

/// <summary>A reverse or forward path from MAIL or RCPT, reduced to its mailbox.</summary>
/// <param name="Address">local-part@domain, the local part without needless quotes; empty for &lt;&gt;.</param>
/// <param name="HasNonAscii">The address uses UTF-8 beyond ASCII, which needs SMTPUTF8 (RFC 6531 §3.3).</param>
/// <param name="IsAddressLiteral">The domain is an address literal such as [192.0.2.1].</param>
public readonly record struct SmtpPath(string Address, bool HasNonAscii, bool IsAddressLiteral)
{
    public bool IsNull => Address.Length == 0;
}

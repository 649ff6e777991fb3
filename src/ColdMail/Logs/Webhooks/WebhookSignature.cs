using System.Security.Cryptography;
using System.Text;

namespace ColdMail.Logs.Webhooks;

/// <summary>
/// The <c>ColdMail-Signature</c> header: HMAC-SHA256 keyed with the webhook's secret over
/// "timestamp.body", in lower-case hex. Signing the timestamp with the body lets a receiver refuse replays.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "ColdMail-Timestamp";
    public const string SignatureHeader = "ColdMail-Signature";
    public const string Version = "v1=";

    public static string Compute(string secret, long unixSeconds, string body)
    {
        var signed = Encoding.UTF8.GetBytes(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "." + body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return Version + Convert.ToHexStringLower(mac);
    }
}

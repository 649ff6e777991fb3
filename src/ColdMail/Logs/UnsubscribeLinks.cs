using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using ColdMail.Configuration;
using ColdMail.Delivery;
using Microsoft.Extensions.Options;

namespace ColdMail.Logs;

/// <summary>
/// One-click unsubscribe links (RFC 8058): <c>PublicUrl/u/MESSAGE/RECIPIENT/TOKEN</c>, where the token is a
/// keyed hash of the message and recipient ids, so a link names one recipient of one message and cannot
/// be made up for another.
/// </summary>
public sealed class UnsubscribeLinks
{
    // 32 bytes of HMAC-SHA256 in unpadded base64url.
    private const int TokenLength = 43;

    private readonly string? _base;
    private readonly Lazy<byte[]> _key;

    public UnsubscribeLinks(IOptions<ColdMailOptions> options, ReturnPath returnPath)
    {
        _base = options.Value.Http.PublicUrl?.TrimEnd('/');
        _key = new Lazy<byte[]>(() => returnPath.DeriveKey("coldmail unsubscribe v1"));
    }

    /// <summary>False when no public URL is configured: then no link can be given out.</summary>
    public bool Enabled => _base is not null;

    /// <summary>The https link for <paramref name="recipientId"/> of <paramref name="messageId"/>.</summary>
    public string Create(Guid messageId, long recipientId)
    {
        if (_base is null)
        {
            throw new InvalidOperationException("ColdMail:Http:PublicUrl is not set.");
        }
        return $"{_base}/u/{messageId:N}/{recipientId}/{Token(messageId, recipientId)}";
    }

    /// <summary>Whether <paramref name="token"/> is the one this server gave out; constant time.</summary>
    public bool Verify(Guid messageId, long recipientId, string token)
    {
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (token.Length != TokenLength
            || !Base64Url.TryDecodeFromChars(token, given, out var written) || written != given.Length)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Sign(messageId, recipientId, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private string Token(Guid messageId, long recipientId)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Sign(messageId, recipientId, mac);
        return Base64Url.EncodeToString(mac);
    }

    private void Sign(Guid messageId, long recipientId, Span<byte> mac)
    {
        Span<byte> data = stackalloc byte[24];
        messageId.TryWriteBytes(data[..16], bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(data[16..], recipientId);
        HMACSHA256.HashData(_key.Value, data, mac);
    }
}

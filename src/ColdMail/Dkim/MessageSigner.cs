using System.Collections.Concurrent;
using System.Security.Cryptography;
using ColdMail.Common;
using MimeKit;
using MimeKit.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace ColdMail.Dkim;

/// <summary>
/// Adds a DKIM signature (RFC 6376) for each of the sending domain's active keys: RSA-SHA256, and a
/// second Ed25519-SHA256 signature (RFC 8463) when the domain has such a key too.
/// </summary>
public sealed partial class MessageSigner(
    IDkimKeyProvider keys,
    TimeProvider time,
    ILogger<MessageSigner> logger)
{
    public const string RsaSha256 = "rsa-sha256";
    public const string Ed25519Sha256 = "ed25519-sha256";

    // Parsing a PKCS#8 RSA key validates it with a primality test: measured at about 40% of delivery CPU when
    // done per message (docs/performance.md). Parsed keys are kept, keyed by a digest of the key itself, so a
    // rotated or replaced key is never confused with the old one.
    // RSA keys are also loaded into the platform's cryptography, which makes the signature itself.
    private const int MaxCachedKeys = 4096;
    private readonly ConcurrentDictionary<string, ParsedKey> _parsedKeys = new();

    /// <summary>
    /// What a receiver must see unchanged for the signature to mean something: the author and recipients,
    /// the subject and date, the ids and the MIME structure. List-Unsubscribe-Post with List-Unsubscribe
    /// makes one-click unsubscribe valid (RFC 8058 §4).
    /// </summary>
    public static readonly IReadOnlyList<string> SignedHeaders =
    [
        "From", "To", "Cc", "Subject", "Date", "Message-ID", "Reply-To", "MIME-Version", "Content-Type",
        "List-Unsubscribe", "List-Unsubscribe-Post",
    ];

    /// <summary>
    /// Signs the message as it will be sent; null, with nothing made, when no key is usable. The result is
    /// what goes on the wire: the signature fields, then the message (for RSA alone, the bytes given).
    /// </summary>
    /// <param name="wire">The message in CRLF form, exactly as it will be sent.</param>
    /// <param name="domainId">The sending domain, whose active keys sign.</param>
    /// <param name="domain">The sending domain's name (d=).</param>
    /// <param name="messageId">The stored message, for the log.</param>
    /// <param name="cancellationToken">Stops the key look-up.</param>
    public async Task<SignedMessage?> SignAsync(
        ReadOnlyMemory<byte> wire,
        Guid domainId,
        string domain,
        Guid messageId,
        CancellationToken cancellationToken)
    {
        var available = await keys.GetSigningKeysAsync(domainId, cancellationToken);
        var rsaFields = new List<byte[]>(1);
        var ed25519Signers = new List<DkimSigner>();
        foreach (var key in available)
        {
            switch (Usable(key, domain, messageId))
            {
                case RsaKeyPool rsa:
                    // The signature every receiver checks, made from the wire bytes in one pass.
                    rsaFields.Add(RelaxedRsaSignature.CreateField(
                        wire.Span, SignedHeaders, domain, key.Selector, rsa, time.GetUtcNow()));
                    break;
                case Ed25519PrivateKeyParameters ed25519:
                    // Relaxed canonicalization on both parts (RFC 6376 §3.4.2, §3.4.4), as for RSA.
                    ed25519Signers.Add(new DkimSigner(ed25519, domain, key.Selector,
                        DkimSignatureAlgorithm.Ed25519Sha256)
                    {
                        HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                        BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                    });
                    break;
            }
        }
        if (rsaFields.Count == 0)
        {
            // Ed25519 alone is not enough: many receivers still verify only RSA (RFC 8463 §4 advises both).
            LogNoKey(logger, messageId, domain);
            return null;
        }
        // Each key's field goes above the ones before it.
        var head = rsaFields.Count == 1 ? rsaFields[0] : [.. Enumerable.Reverse(rsaFields).SelectMany(f => f)];
        return ed25519Signers.Count == 0
            ? new SignedMessage(head, wire)
            : new SignedMessage(Array.Empty<byte>(), SignEd25519(head, wire, ed25519Signers));
    }

    /// <summary>Ed25519 signatures are MimeKit's: the message is parsed, signed and written out again.</summary>
    private static byte[] SignEd25519(byte[] head, ReadOnlyMemory<byte> wire, List<DkimSigner> signers)
    {
        var whole = new byte[head.Length + wire.Length];
        head.CopyTo(whole, 0);
        wire.Span.CopyTo(whole.AsSpan(head.Length));
        using var message = MimeMessage.Load(new MemoryStream(whole, writable: false), persistent: true);
        // MimeKit keeps the top-level Content-* headers with the body; they are signed all the same.
        var headers = SignedHeaders
            .Where(h => message.Headers.Contains(h) || (message.Body?.Headers.Contains(h) ?? false))
            .ToList();
        foreach (var signer in signers)
        {
            signer.Sign(message, headers);
        }
        using var output = new MemoryStream(whole.Length + 512);
        message.WriteTo(MimeWire.Format, output);
        return output.ToArray();
    }

    /// <summary>
    /// What signs with the key: an <see cref="RsaKeyPool"/> for RSA, the Ed25519 key itself; null, logged, for
    /// a key that cannot be used.
    /// </summary>
    private object? Usable(DkimSigningKey key, string domain, Guid messageId)
    {
        ParsedKey parsed;
        try
        {
            parsed = ParseKey(key.Pkcs8PrivateKey);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException
            or SecurityUtilityException or InvalidCastException or CryptographicException)
        {
            LogBadKey(logger, messageId, domain, key.Selector, ex.GetType().Name);
            return null;
        }
        object? usable = (key.Algorithm, parsed.Key) switch
        {
            (RsaSha256, RsaKeyParameters { IsPrivate: true }) => parsed.Rsa,
            (Ed25519Sha256, Ed25519PrivateKeyParameters ed25519) => ed25519,
            _ => null,
        };
        if (usable is null)
        {
            LogBadKey(logger, messageId, domain, key.Selector, key.Algorithm);
        }
        return usable;
    }

    private ParsedKey ParseKey(byte[] pkcs8)
    {
        var digest = Convert.ToBase64String(SHA256.HashData(pkcs8));
        if (_parsedKeys.TryGetValue(digest, out var cached))
        {
            return cached;
        }
        var key = PrivateKeyFactory.CreateKey(pkcs8);
        var parsed = new ParsedKey(key, new RsaKeyPool(pkcs8));
        if (_parsedKeys.Count >= MaxCachedKeys)
        {
            foreach (var old in _parsedKeys.Values)
            {
                old.Rsa.Dispose();
            }
            _parsedKeys.Clear();
        }
        _parsedKeys[digest] = parsed;
        return parsed;
    }

    // The pool stays empty for a key that is not RSA: it loads only when asked to sign.
    private sealed record ParsedKey(AsymmetricKeyParameter Key, RsaKeyPool Rsa);

    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning,
        Message = "Message {MessageId} is not sent: {Domain} has no active RSA DKIM key, and mail is never sent " +
            "unsigned. It is retried on the usual schedule; activate a key for the domain.")]
    private static partial void LogNoKey(ILogger logger, Guid messageId, string domain);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Error,
        Message = "Message {MessageId}: the DKIM key {Selector} of {Domain} cannot be used ({Reason}).")]
    private static partial void LogBadKey(
        ILogger logger,
        Guid messageId,
        string domain,
        string selector,
        string reason);
}

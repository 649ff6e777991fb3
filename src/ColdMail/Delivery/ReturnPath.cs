using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ColdMail.Configuration;
using Microsoft.Extensions.Options;

namespace ColdMail.Delivery;

/// <summary>
/// The envelope sender of outgoing mail: <c>bounces+TOKEN@bounces.sender-domain</c>. The token carries the
/// message id and a recipient id, signed with a keyed hash, so a bounce that arrives later names what it
/// is about and cannot be forged to suppress someone else's address.
/// </summary>
public sealed class ReturnPath
{
    public const int MinimumSecretBytes = 32;
    public const string LocalPrefix = "bounces+";
    public const string SecretFileName = "return-path.key";

    // 16 bytes of message id, 8 of recipient id, 8 of tag: 32 bytes are 52 base32 characters, so the
    // local part stays within the 64 octets of RFC 5321 §4.5.3.1.1.
    private const int TagBytes = 8;
    private const int TokenBytes = 16 + 8 + TagBytes;

    private readonly Lazy<byte[]> _secret;
    private readonly Lazy<byte[]> _key;
    private readonly string _hostTemplate;

    public ReturnPath(IOptions<ColdMailOptions> options)
    {
        var settings = options.Value;
        _hostTemplate = settings.Delivery.ReturnPathHost;
        _secret = new Lazy<byte[]>(() => LoadSecret(settings));
        _key = new Lazy<byte[]>(() => DeriveKey(_secret.Value, "coldmail return-path v1"));
    }

    /// <summary>
    /// A key for another purpose from the same installation secret; a distinct <paramref name="purpose"/>
    /// keeps tags made for one use from being valid for another.
    /// </summary>
    public byte[] DeriveKey(string purpose) => DeriveKey(_secret.Value, purpose);

    /// <summary>The MAIL FROM address for a transaction of <paramref name="messageId"/>.</summary>
    public string Create(Guid messageId, long recipientId, string senderDomain)
    {
        Span<byte> token = stackalloc byte[TokenBytes];
        messageId.TryWriteBytes(token[..16], bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(token.Slice(16, 8), recipientId);
        Sign(token[..24], token[24..]);
        var host = _hostTemplate.Replace("{domain}", senderDomain, StringComparison.Ordinal);
        return LocalPrefix + Base32.Encode(token) + "@" + host.ToLowerInvariant();
    }

    /// <summary>Reads a return-path address back; false unless it is well formed and its tag is ours.</summary>
    public bool TryRead(string address, out Guid messageId, out long recipientId)
    {
        messageId = Guid.Empty;
        recipientId = 0;
        var at = address.LastIndexOf('@');
        if (at < 0 || !address.StartsWith(LocalPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        Span<byte> token = stackalloc byte[TokenBytes];
        if (!Base32.TryDecode(address.AsSpan(LocalPrefix.Length, at - LocalPrefix.Length), token))
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[TagBytes];
        Sign(token[..24], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, token[24..]))
        {
            return false;
        }
        messageId = new Guid(token[..16], bigEndian: true);
        recipientId = BinaryPrimitives.ReadInt64BigEndian(token.Slice(16, 8));
        return true;
    }

    private void Sign(ReadOnlySpan<byte> data, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key.Value, data, mac);
        mac[..tag.Length].CopyTo(tag);
    }

    private static byte[] DeriveKey(byte[] secret, string purpose)
        => HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.UTF8.GetBytes(purpose));

    private static byte[] LoadSecret(ColdMailOptions settings)
    {
        if (!string.IsNullOrEmpty(settings.Delivery.VerpSecret))
        {
            return Convert.FromBase64String(settings.Delivery.VerpSecret);
        }
        Directory.CreateDirectory(settings.ResolvedDataDirectory);
        var path = Path.Combine(settings.ResolvedDataDirectory, SecretFileName);
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        // Written aside and renamed into place, so a process starting beside us never reads half a file.
        var created = RandomNumberGenerator.GetBytes(MinimumSecretBytes);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var file = new FileStream(temporary, fileOptions))
        {
            file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(created)));
            file.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temporary, path, overwrite: false);
            return created;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process won the race: every process uses the secret in the file.
            File.Delete(temporary);
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}

using System.Buffers;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;

namespace ColdMail.Dkim;

/// <summary>
/// The RSA-SHA256 signing step of a DKIM signature, done by the platform's cryptography instead of managed
/// big-integer code. It has the shape the DKIM canonicalisation feeds (a BouncyCastle <see cref="ISigner"/>)
/// and signs only. What it signs is the canonical header block, a few kilobytes (the body enters as its
/// hash, RFC 6376 §3.7), so it is kept and digested in one step: nothing native is held between calls.
/// </summary>
internal sealed class RsaSha256DigestSigner(RsaKeyPool key) : ISigner
{
    private readonly ArrayBufferWriter<byte> _data = new(2048);

    public string AlgorithmName => "SHA-256withRSA";

    public void Init(bool forSigning, ICipherParameters parameters)
    {
        if (!forSigning)
        {
            throw new NotSupportedException("This signer only signs; DKIM verification is done elsewhere.");
        }
        Reset();
    }

    public void Update(byte input) => _data.Write([input]);

    public void BlockUpdate(byte[] input, int inOff, int inLen) => _data.Write(input.AsSpan(inOff, inLen));

    public void BlockUpdate(ReadOnlySpan<byte> input) => _data.Write(input);

    public int GetMaxSignatureSize() => 1024;

    public byte[] GenerateSignature()
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(_data.WrittenSpan, digest);
        Reset();
        return key.SignSha256(digest);
    }

    public bool VerifySignature(byte[] signature)
        => throw new NotSupportedException("This signer only signs; DKIM verification is done elsewhere.");

    public void Reset() => _data.ResetWrittenCount();
}

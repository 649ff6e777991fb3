using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ColdMail.Dkim;

/// <summary>
/// One RSA private key loaded into the platform's cryptography (OpenSSL on Linux), ready to sign. Loading
/// checks the key and costs more than a signature, so loaded instances are kept and lent out, one caller
/// at a time each: an instance is not documented as safe for concurrent use.
/// </summary>
internal sealed class RsaKeyPool(byte[] pkcs8) : IDisposable
{
    // Enough for every core to sign at once; more instances than that are disposed when returned.
    private static readonly int MaxIdle = Math.Max(2, Environment.ProcessorCount);

    private readonly ConcurrentQueue<RSA> _idle = new();
    private int _idleCount;
    private int _disposed;

    /// <summary>The PKCS#1 v1.5 signature of a SHA-256 digest (RFC 8017 §8.2, as RFC 6376 §3.3.1 asks).</summary>
    public byte[] SignSha256(ReadOnlySpan<byte> digest)
    {
        var rsa = TryTake() ?? Load();
        try
        {
            return rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        finally
        {
            // Counted by hand: a concurrent collection's own count takes its locks.
            var open = Volatile.Read(ref _disposed) == 0;
            if (open && Interlocked.Increment(ref _idleCount) <= MaxIdle)
            {
                _idle.Enqueue(rsa);
            }
            else
            {
                if (open)
                {
                    Interlocked.Decrement(ref _idleCount);
                }
                rsa.Dispose();
            }
        }
    }

    private RSA? TryTake()
    {
        if (!_idle.TryDequeue(out var rsa))
        {
            return null;
        }
        Interlocked.Decrement(ref _idleCount);
        return rsa;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        while (TryTake() is { } rsa)
        {
            rsa.Dispose();
        }
    }

    private RSA Load()
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }
}

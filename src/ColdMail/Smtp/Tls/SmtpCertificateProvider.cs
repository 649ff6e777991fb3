using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ColdMail.Configuration;
using Microsoft.Extensions.Options;

namespace ColdMail.Smtp.Tls;

/// <summary>
/// The listeners' TLS settings: the configured PEM certificate and key, or else a self-signed
/// certificate made once in the data directory. TLS 1.2 and 1.3 only (RFC 8996 retires older ones).
/// </summary>
public sealed class SmtpCertificateProvider(
    IOptions<ColdMailOptions> options,
    TimeProvider timeProvider,
    ILogger<SmtpCertificateProvider> logger)
{
    private readonly Lazy<SslServerAuthenticationOptions> _options = new(
        () => Create(options.Value, timeProvider, logger),
        LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The options for every handshake; the certificate is loaded on first use.</summary>
    public SslServerAuthenticationOptions ServerOptions => _options.Value;

    private static SslServerAuthenticationOptions Create(
        ColdMailOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        var smtp = options.Smtp;
        var certificatePath = smtp.CertificatePath;
        var keyPath = smtp.CertificateKeyPath;
        if (certificatePath is null || keyPath is null)
        {
            (certificatePath, keyPath) = SelfSignedCertificate.Ensure(
                options.ResolvedDataDirectory, smtp.Hostname, timeProvider, logger);
            SmtpLog.SelfSignedCertificate(logger, certificatePath);
        }

        var leaf = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        if (OperatingSystem.IsWindows())
        {
            // Windows' TLS stack cannot use an ephemeral key; a PKCS#12 round trip persists it in memory.
            leaf = X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null);
        }
        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certificatePath);
        var intermediates = new X509Certificate2Collection();
        foreach (var certificate in chain)
        {
            if (certificate.Thumbprint != leaf.Thumbprint)
            {
                intermediates.Add(certificate);
            }
        }
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(leaf, intermediates, offline: true),
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = false,
            AllowRenegotiation = false,
        };
    }
}

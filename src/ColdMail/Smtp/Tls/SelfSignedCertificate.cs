using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ColdMail.Common;

namespace ColdMail.Smtp.Tls;

/// <summary>
/// A self-signed certificate for installs without one, made once and reused on later starts, so
/// clients that pin it keep working. The key file is readable by its owner only.
/// </summary>
public static class SelfSignedCertificate
{
    public const string CertificateFile = "smtp-selfsigned-cert.pem";
    public const string KeyFile = "smtp-selfsigned-key.pem";

    // Ten years: a stand-in meant to be replaced, whose expiry should never be the surprise.
    private static readonly TimeSpan Validity = TimeSpan.FromDays(3650);

    public static (string CertificatePath, string KeyPath) Ensure(
        string dataDirectory,
        string hostname,
        TimeProvider timeProvider,
        ILogger logger)
    {
        var certificatePath = Path.Combine(dataDirectory, CertificateFile);
        var keyPath = Path.Combine(dataDirectory, KeyFile);
        // Limitation: a certificate made for an earlier Smtp:Hostname is kept; delete both files to renew it.
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            return (certificatePath, keyPath);
        }

        // Only the service's user may read the data directory: it holds private keys.
        PrivateDirectory.Create(dataDirectory);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(
            $"CN={hostname}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostname);
        request.CertificateExtensions.Add(names.Build());
        var now = timeProvider.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.Add(Validity));

        // Each file appears whole or not at all: written aside, then renamed into place.
        WriteAtomically(keyPath, key.ExportPkcs8PrivateKeyPem(), ownerOnly: true);
        WriteAtomically(certificatePath, certificate.ExportCertificatePem(), ownerOnly: false);
        SmtpLog.CertificateGenerated(logger, hostname, certificatePath);
        return (certificatePath, keyPath);
    }

    private static void WriteAtomically(string path, string content, bool ownerOnly)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(temporary, fileOptions))
        {
            writer.Write(content);
            writer.Flush();
            ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}

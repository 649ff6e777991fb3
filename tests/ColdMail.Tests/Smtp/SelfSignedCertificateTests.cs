using System.Security.Cryptography.X509Certificates;
using ColdMail.Smtp.Tls;
using Microsoft.Extensions.Logging.Abstractions;

namespace ColdMail.Tests.Smtp;

public sealed class SelfSignedCertificateTests : IDisposable
{
    private readonly string _directory =
        Path.Combine(Path.GetTempPath(), "coldmail-cert-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_certificate_is_made_once_and_reused()
    {
        var (certificatePath, keyPath) = SelfSignedCertificate.Ensure(
            _directory, "mail.test.example", TimeProvider.System, NullLogger.Instance);
        var first = File.ReadAllText(certificatePath);

        var again = SelfSignedCertificate.Ensure(
            _directory, "mail.test.example", TimeProvider.System, NullLogger.Instance);

        Assert.Equal((certificatePath, keyPath), again);
        Assert.Equal(first, File.ReadAllText(certificatePath));
        using var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("mail.test.example", certificate.GetNameInfo(X509NameType.DnsName, false));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

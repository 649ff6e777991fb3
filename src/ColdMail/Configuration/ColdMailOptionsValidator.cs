using System.Net;
using Microsoft.Extensions.Options;

namespace ColdMail.Configuration;

/// <summary>Checks the whole configuration at start-up; every failure names the key to fix.</summary>
public sealed class ColdMailOptionsValidator : IValidateOptions<ColdMailOptions>
{
    public ValidateOptionsResult Validate(string? name, ColdMailOptions options)
    {
        var errors = new List<string>();

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("ColdMail:DataDirectory must name a directory.");
        }
        if (options.Database.Provider == DatabaseProvider.Postgres
            && string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            errors.Add("ColdMail:Database:ConnectionString is required when ColdMail:Database:Provider is Postgres.");
        }
        if (!Enum.IsDefined(options.Database.Provider))
        {
            errors.Add("ColdMail:Database:Provider must be Sqlite or Postgres.");
        }
        if (string.IsNullOrWhiteSpace(options.Smtp.Hostname)
            || Uri.CheckHostName(options.Smtp.Hostname) != UriHostNameType.Dns)
        {
            errors.Add($"ColdMail:Smtp:Hostname must be a DNS host name (was '{options.Smtp.Hostname}').");
        }
        CheckPort(errors, "ColdMail:Smtp:StartTlsPort", options.Smtp.StartTlsPort, allowZero: true);
        CheckPort(errors, "ColdMail:Smtp:ImplicitTlsPort", options.Smtp.ImplicitTlsPort, allowZero: true);
        CheckPort(errors, "ColdMail:Delivery:RemotePort", options.Delivery.RemotePort, allowZero: false);
        if (options.Smtp.StartTlsPort != 0 && options.Smtp.StartTlsPort == options.Smtp.ImplicitTlsPort)
        {
            errors.Add("ColdMail:Smtp:StartTlsPort and ColdMail:Smtp:ImplicitTlsPort must differ.");
        }
        if (!IPAddress.TryParse(options.Smtp.ListenAddress, out _))
        {
            errors.Add($"ColdMail:Smtp:ListenAddress must be an IP address (was '{options.Smtp.ListenAddress}').");
        }
        if (options.Smtp.CertificatePath is null != options.Smtp.CertificateKeyPath is null)
        {
            errors.Add("ColdMail:Smtp:CertificatePath and ColdMail:Smtp:CertificateKeyPath go together: " +
                "set both or neither.");
        }
        CheckFile(errors, "ColdMail:Smtp:CertificatePath", options.Smtp.CertificatePath);
        CheckFile(errors, "ColdMail:Smtp:CertificateKeyPath", options.Smtp.CertificateKeyPath);
        CheckPositive(errors, "ColdMail:Smtp:MaxMessageSize", options.Smtp.MaxMessageSize);
        CheckPositive(errors, "ColdMail:Smtp:MaxRecipients", options.Smtp.MaxRecipients);
        CheckPositive(errors, "ColdMail:Smtp:MaxErrors", options.Smtp.MaxErrors);
        CheckPositive(errors, "ColdMail:Smtp:IdleTimeoutSeconds", options.Smtp.IdleTimeoutSeconds);
        CheckPositive(errors, "ColdMail:Smtp:SessionTimeoutSeconds", options.Smtp.SessionTimeoutSeconds);
        CheckPositive(errors, "ColdMail:Smtp:MaxConnectionsPerAddress", options.Smtp.MaxConnectionsPerAddress);
        CheckPositive(errors, "ColdMail:Smtp:MaxAuthFailuresPerAddress", options.Smtp.MaxAuthFailuresPerAddress);
        CheckPositive(errors, "ColdMail:Smtp:MaxAuthFailuresPerUser", options.Smtp.MaxAuthFailuresPerUser);
        CheckPositive(errors, "ColdMail:Smtp:AuthFailureWindowSeconds", options.Smtp.AuthFailureWindowSeconds);
        // A century is longer than any log is wanted and keeps the cut-off far from the calendar's start.
        if (options.Logs.RetentionDays is < 1 or > 36_500)
        {
            errors.Add($"ColdMail:Logs:RetentionDays must be from 1 to 36500 (was {options.Logs.RetentionDays}).");
        }
        CheckPositive(errors, "ColdMail:Logs:PurgeBatchSize", options.Logs.PurgeBatchSize);
        CheckPositive(errors, "ColdMail:Logs:PurgeIntervalMinutes", options.Logs.PurgeIntervalMinutes);
        CheckPositive(errors, "ColdMail:Logs:StreamHeartbeatSeconds", options.Logs.StreamHeartbeatSeconds);
        CheckPositive(errors, "ColdMail:Logs:MaxStreams", options.Logs.MaxStreams);
        if (options.Logs.PurgePauseMilliseconds < 0)
        {
            errors.Add("ColdMail:Logs:PurgePauseMilliseconds must be zero or more " +
                $"(was {options.Logs.PurgePauseMilliseconds}).");
        }
        CheckUrls(errors, options.Http.Urls);
        CheckPublicUrl(errors, options.Http.PublicUrl);
        for (var i = 0; i < options.Dns.Servers.Count; i++)
        {
            if (!IPEndPoint.TryParse(options.Dns.Servers[i], out _))
            {
                errors.Add($"ColdMail:Dns:Servers:{i} must be an IP address with an optional port " +
                    $"(was '{options.Dns.Servers[i]}').");
            }
        }
        DomainOptionsValidator.Validate(errors, options.Domains);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckPort(List<string> errors, string key, int port, bool allowZero)
    {
        var lowest = allowZero ? 0 : 1;
        if (port < lowest || port > 65535)
        {
            errors.Add($"{key} must be a port from {lowest} to 65535 (was {port}).");
        }
    }

    private static void CheckPositive(List<string> errors, string key, long value)
    {
        if (value <= 0)
        {
            errors.Add($"{key} must be greater than zero (was {value}).");
        }
    }

    private static void CheckFile(List<string> errors, string key, string? path)
    {
        if (path is not null && !File.Exists(path))
        {
            errors.Add($"{key} names a file that does not exist: '{path}'.");
        }
    }

    private static void CheckPublicUrl(List<string> errors, string? url)
    {
        if (url is null)
        {
            return;
        }
        // RFC 8058 §3.1: the one-click link must be an HTTPS URI, and it carries no query of its own here.
        var ok = Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment);
        if (!ok)
        {
            errors.Add($"ColdMail:Http:PublicUrl must be an https:// URL without query or fragment (was '{url}').");
        }
    }

    private static void CheckUrls(List<string> errors, string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ok = Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"),
                UriKind.Absolute, out var uri) && (uri.Scheme == "http" || uri.Scheme == "https");
            if (!ok)
            {
                errors.Add($"ColdMail:Http:Urls has an entry that is not an http(s) URL: '{url}'.");
            }
        }
    }
}

using System.Net;
using ColdMail.Configuration;
using Microsoft.Extensions.Options;

namespace ColdMail.Delivery;

/// <summary>Checks the <c>ColdMail:Delivery</c> settings at start-up; every failure names the key to fix.</summary>
public sealed class DeliveryOptionsValidator : IValidateOptions<ColdMailOptions>
{
    private const string Prefix = "ColdMail:Delivery:";

    public ValidateOptionsResult Validate(string? name, ColdMailOptions options)
    {
        var delivery = options.Delivery;
        var errors = new List<string>();

        CheckRange(errors, "Workers", delivery.Workers, 1, 1000);
        CheckRange(errors, "PollIntervalSeconds", delivery.PollIntervalSeconds, 1, 3600);
        CheckRange(errors, "BatchSize", delivery.BatchSize, 1, 1000);
        CheckRange(errors, "MaxAgeHours", delivery.MaxAgeHours, 1, DeliveryOptions.MaxAgeHoursLimit);
        CheckRange(errors, "DefaultConcurrency", delivery.DefaultConcurrency, 1, 1000);
        CheckRange(errors, "ConnectTimeoutSeconds", delivery.ConnectTimeoutSeconds, 1, 600);
        CheckRange(errors, "CommandTimeoutSeconds", delivery.CommandTimeoutSeconds, 1, 3600);
        CheckRange(errors, "DataTimeoutSeconds", delivery.DataTimeoutSeconds, 1, 7200);
        CheckRange(errors, "IdleConnectionSeconds", delivery.IdleConnectionSeconds, 0, 3600);
        CheckRange(errors, "ConnectionLifetimeSeconds", delivery.ConnectionLifetimeSeconds, 0, 86400);
        CheckRange(errors, "ShutdownTimeoutSeconds", delivery.ShutdownTimeoutSeconds, 1, 600);
        var oneDelivery = delivery.ConnectTimeoutSeconds + delivery.CommandTimeoutSeconds
            + delivery.DataTimeoutSeconds;
        if (delivery.LeaseSeconds < oneDelivery)
        {
            errors.Add($"{Prefix}LeaseSeconds must cover one delivery: at least ConnectTimeoutSeconds + " +
                $"CommandTimeoutSeconds + DataTimeoutSeconds = {oneDelivery} (was {delivery.LeaseSeconds}).");
        }
        CheckRetrySchedule(errors, delivery.RetrySchedule);
        CheckConcurrency(errors, delivery.Concurrency);
        CheckSecret(errors, delivery.VerpSecret);
        CheckReturnPath(errors, delivery.ReturnPathHost);
        CheckSmarthost(errors, delivery.Smarthost);
        CheckBounceListener(errors, delivery, options.Smtp);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckRange(List<string> errors, string key, int value, int lowest, int highest)
    {
        if (value < lowest || value > highest)
        {
            errors.Add($"{Prefix}{key} must be from {lowest} to {highest} (was {value}).");
        }
    }

    private static void CheckBounceListener(List<string> errors, DeliveryOptions delivery, SmtpOptions smtp)
    {
        CheckRange(errors, "BounceListenerPort", delivery.BounceListenerPort, 0, 65535);
        var port = delivery.BounceListenerPort;
        if (port != 0 && (port == smtp.StartTlsPort || port == smtp.ImplicitTlsPort))
        {
            errors.Add($"{Prefix}BounceListenerPort must differ from ColdMail:Smtp:StartTlsPort and " +
                $"ColdMail:Smtp:ImplicitTlsPort (was {port}).");
        }
        var address = delivery.BounceListenerAddress;
        if (!string.IsNullOrEmpty(address) && !IPAddress.TryParse(address, out _))
        {
            errors.Add($"{Prefix}BounceListenerAddress must be an IP address (was '{address}').");
        }
    }

    private static void CheckRetrySchedule(List<string> errors, List<TimeSpan> schedule)
    {
        for (var i = 0; i < schedule.Count; i++)
        {
            if (schedule[i] < TimeSpan.FromSeconds(1) || schedule[i] > TimeSpan.FromDays(1))
            {
                errors.Add($"{Prefix}RetrySchedule:{i} must be from 00:00:01 to 1.00:00:00 (was {schedule[i]}).");
            }
        }
    }

    private static void CheckConcurrency(List<string> errors, Dictionary<string, int> limits)
    {
        foreach (var (pattern, limit) in limits)
        {
            if (!DestinationPattern.IsValid(pattern))
            {
                errors.Add($"{Prefix}Concurrency:{pattern} must be a domain such as gmail.com or *.example.com.");
            }
            if (limit < 1 || limit > 1000)
            {
                errors.Add($"{Prefix}Concurrency:{pattern} must be from 1 to 1000 (was {limit}).");
            }
        }
    }

    private static void CheckSecret(List<string> errors, string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return;
        }
        var bytes = new byte[secret.Length];
        if (!Convert.TryFromBase64String(secret, bytes, out var length) || length < ReturnPath.MinimumSecretBytes)
        {
            errors.Add($"{Prefix}VerpSecret must be base64 of at least {ReturnPath.MinimumSecretBytes} bytes.");
        }
    }

    private static void CheckReturnPath(List<string> errors, string host)
    {
        var sample = host.Replace("{domain}", "example.com", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(host) || Uri.CheckHostName(sample) != UriHostNameType.Dns)
        {
            errors.Add($"{Prefix}ReturnPathHost must be a host name, {{domain}} standing for the sender's domain " +
                $"(was '{host}').");
        }
    }

    private static void CheckSmarthost(List<string> errors, SmarthostOptions smarthost)
    {
        if (!smarthost.Enabled)
        {
            return;
        }
        if (Uri.CheckHostName(smarthost.Host) == UriHostNameType.Unknown)
        {
            errors.Add($"{Prefix}Smarthost:Host must be a host name or an IP address (was '{smarthost.Host}').");
        }
        if (smarthost.Port is < 1 or > 65535)
        {
            errors.Add($"{Prefix}Smarthost:Port must be a port from 1 to 65535 (was {smarthost.Port}).");
        }
        if (!Enum.IsDefined(smarthost.Tls))
        {
            errors.Add($"{Prefix}Smarthost:Tls must be StartTls, Implicit or None.");
        }
        if (string.IsNullOrEmpty(smarthost.UserName) != string.IsNullOrEmpty(smarthost.Password))
        {
            errors.Add($"{Prefix}Smarthost:UserName and {Prefix}Smarthost:Password go together: " +
                "set both or neither.");
        }
        if (!string.IsNullOrEmpty(smarthost.UserName) && smarthost.Tls == SmarthostTls.None
            && !IsLoopback(smarthost.Host!))
        {
            errors.Add($"{Prefix}Smarthost:Tls must not be None when a password is sent to a remote relay.");
        }
    }

    private static bool IsLoopback(string host)
        => host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}

namespace ColdMail.Domains;

/// <summary>The result of checking one record in DNS.</summary>
public static class CheckStatuses
{
    public const string Ok = "ok";

    public const string Missing = "missing";

    /// <summary>A record is there but says something else; the check's Found tells what.</summary>
    public const string Wrong = "wrong";

    /// <summary>DNS did not answer; nothing is concluded about the record.</summary>
    public const string DnsError = "dns-error";
}

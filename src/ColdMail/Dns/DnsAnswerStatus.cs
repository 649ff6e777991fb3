namespace ColdMail.Dns;

/// <summary>How a DNS query ended, in the terms SPF, DKIM and DMARC checks care about.</summary>
public enum DnsAnswerStatus
{
    /// <summary>Records of the asked type came back.</summary>
    Found = 0,

    /// <summary>The name exists but has no record of that type (NOERROR, no answers).</summary>
    NoData = 1,

    /// <summary>The name does not exist (NXDOMAIN, RFC 1035 section 4.1.1 RCODE 3).</summary>
    NxDomain = 2,

    /// <summary>A server failure, refusal or time-out: the answer is unknown, so nothing is assumed absent.</summary>
    Error = 3,
}

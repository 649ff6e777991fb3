using DnsClient;
using DnsClient.Protocol;

namespace ColdMail.Dns;

/// <summary>
/// Queries the configured resolvers and sorts each answer into found, no data, no such name or error.
/// Checks of a domain's records bypass the client's cache: a person who has just fixed a record
/// expects the next check to see it.
/// </summary>
public sealed class DnsLookup(ILookupClient client)
{
    public async Task<DnsAnswer> QueryAsync(string name, QueryType type, CancellationToken cancellationToken)
    {
        var options = new DnsQueryAndServerOptions([.. client.NameServers])
        {
            UseCache = false,
            Timeout = client.Settings.Timeout,
            Retries = client.Settings.Retries,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            // An empty answer is an answer (RFC 2308 section 2.2), not a reason to ask another server.
            ContinueOnEmptyResponse = false,
        };
        IDnsQueryResponse response;
        try
        {
            response = await client.QueryAsync(new DnsQuestion(name, type), options, cancellationToken);
        }
        catch (DnsResponseException e)
        {
            return new DnsAnswer(DnsAnswerStatus.Error, [], e.Message);
        }

        var code = response.Header.ResponseCode;
        if (code == DnsHeaderResponseCode.NotExistentDomain)
        {
            return new DnsAnswer(DnsAnswerStatus.NxDomain, [], null);
        }
        if (code != DnsHeaderResponseCode.NoError)
        {
            return new DnsAnswer(DnsAnswerStatus.Error, [], response.ErrorMessage);
        }
        // A CNAME is followed by the resolver; its own records in the answer are not of the asked type.
        var records = type == QueryType.CNAME
            ? response.Answers.Where(r => r is CNameRecord).ToList()
            : response.Answers.Where(r => r.RecordType == (ResourceRecordType)type).ToList();
        return records.Count == 0
            ? new DnsAnswer(DnsAnswerStatus.NoData, [], null)
            : new DnsAnswer(DnsAnswerStatus.Found, records, null);
    }

    /// <summary>A name as DNS gives it, without the root's trailing dot, in lower case.</summary>
    public static string Trim(string name) => name.TrimEnd('.').ToLowerInvariant();
}

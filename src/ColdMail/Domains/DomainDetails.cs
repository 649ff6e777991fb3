using ColdMail.Storage.Entities;

namespace ColdMail.Domains;

/// <summary>A domain with its keys, its latest record checks and the records it should publish.</summary>
public sealed record DomainDetails(
    Domain Domain,
    IReadOnlyList<DkimKey> Keys,
    IReadOnlyList<DnsRecordCheck> Checks,
    IReadOnlyList<PublishedRecord> Records);

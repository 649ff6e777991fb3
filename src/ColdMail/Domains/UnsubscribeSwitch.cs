using ColdMail.Common;
using ColdMail.Configuration;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.Extensions.Options;

namespace ColdMail.Domains;

/// <summary>Turns the one-click unsubscribe link (RFC 8058) on or off for a domain's outgoing mail.</summary>
public sealed class UnsubscribeSwitch(
    ColdMailDatabase database,
    IOptions<ColdMailOptions> options,
    TimeProvider time)
{
    public async Task<Domain> SetAsync(
        Workspace workspace,
        string name,
        bool enabled,
        string actor,
        CancellationToken cancellationToken)
    {
        if (enabled && options.Value.Http.PublicUrl is null)
        {
            throw ResourceException.Invalid("One-click unsubscribe needs the https address recipients reach " +
                "this server at: set ColdMail:Http:PublicUrl first.");
        }

        await using var db = database.CreateContext();
        var domain = await DomainQueries.FindAsync(db, workspace, name, cancellationToken);
        if (domain.OneClickUnsubscribe == enabled)
        {
            return domain;
        }
        domain.OneClickUnsubscribe = enabled;
        DomainJournal.Write(db, domain, time.GetUtcNow(), actor, "domain.unsubscribe", null,
            enabled ? "One-click unsubscribe turned on." : "One-click unsubscribe turned off.");
        await db.SaveChangesAsync(cancellationToken);
        return domain;
    }
}

using System.Globalization;
using ColdMail.Common;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using ColdMail.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Logs;

/// <summary>
/// Reads a workspace's email log with filters, a page at a time. Pages are cut by entry id (keyset), not by
/// offset: ids only grow, so a page stays stable while new entries arrive and costs the same at any depth.
/// </summary>
public sealed class EmailLogQuery(ColdMailDatabase database)
{
    public const int DefaultLimit = 50;

    // A page a person can read and a query the index answers quickly; the API pages beyond it.
    public const int MaxLimit = 1000;

    /// <summary>
    /// The newest matching entries first; with <paramref name="beforeId"/>, only those older than it.
    /// </summary>
    public async Task<IReadOnlyList<EmailLogEntry>> NewestAsync(
        Workspace workspace,
        EmailLogFilter filter,
        long? beforeId,
        int limit,
        CancellationToken cancellationToken)
    {
        CheckLimit(limit);
        await using var db = database.CreateContext();
        var query = await NewestQueryAsync(db, workspace, filter, beforeId, limit, cancellationToken);
        return await query.ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Matching entries newer than <paramref name="afterId"/>, oldest first: what a follower prints next.
    /// </summary>
    public async Task<IReadOnlyList<EmailLogEntry>> AfterAsync(
        Workspace workspace,
        EmailLogFilter filter,
        long afterId,
        int limit,
        CancellationToken cancellationToken)
    {
        CheckLimit(limit);
        await using var db = database.CreateContext();
        var index = await EmailLogIndexes.ChooseAsync(db, workspace, filter, newest: false, afterId,
            cancellationToken);
        var query = await FilterAsync(db, workspace, filter, cancellationToken, EmailLogIndexes.Source(db, index));
        return await query.Where(l => l.Id > afterId)
            .OrderBy(l => l.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The id of the workspace's newest entry, or 0 when it has none.</summary>
    public async Task<long> LatestIdAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.EmailLog.Where(l => l.WorkspaceId == workspace.Id)
            .MaxAsync(l => (long?)l.Id, cancellationToken) ?? 0;
    }

    /// <summary>Every entry of one message, in the order things happened to it.</summary>
    public async Task<IReadOnlyList<EmailLogEntry>> ForMessageAsync(
        Workspace workspace,
        Guid messageId,
        CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.EmailLog.AsNoTracking()
            .Where(l => l.WorkspaceId == workspace.Id && l.MessageId == messageId)
            .OrderBy(l => l.At).ThenBy(l => l.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The query behind <see cref="NewestAsync"/>, for reading its plan.</summary>
    internal static async Task<IQueryable<EmailLogEntry>> NewestQueryAsync(
        ColdMailDbContext db,
        Workspace workspace,
        EmailLogFilter filter,
        long? beforeId,
        int limit,
        CancellationToken cancellationToken)
    {
        var index = await EmailLogIndexes.ChooseAsync(db, workspace, filter, newest: true, beforeId,
            cancellationToken);
        var query = await FilterAsync(db, workspace, filter, cancellationToken, EmailLogIndexes.Source(db, index));
        if (beforeId is { } before)
        {
            query = query.Where(l => l.Id < before);
        }
        var page = query.OrderByDescending(l => l.Id).Take(limit);
        if (index != EmailLogIndexes.Times)
        {
            return page;
        }
        // The time index holds each entry's id beside its time: the page's ids are found and sorted in the
        // index alone, and only the page's own rows are read.
        var ids = page.Select(l => l.Id);
        return db.EmailLog.AsNoTracking().Where(l => ids.Contains(l.Id)).OrderByDescending(l => l.Id);
    }

    /// <summary>The workspace's entries that match, read from <paramref name="source"/> if given.</summary>
    internal static async Task<IQueryable<EmailLogEntry>> FilterAsync(
        ColdMailDbContext db,
        Workspace workspace,
        EmailLogFilter filter,
        CancellationToken cancellationToken,
        IQueryable<EmailLogEntry>? source = null)
    {
        var query = (source ?? db.EmailLog).AsNoTracking().Where(l => l.WorkspaceId == workspace.Id);
        if (Normalize(filter.Mailbox) is { } mailbox)
        {
            query = query.Where(l => l.Mailbox != null && l.Mailbox.ToLower() == mailbox);
        }
        if (Normalize(filter.Recipient) is { } recipient)
        {
            query = query.Where(l => l.Recipient != null && l.Recipient.ToLower() == recipient);
        }
        if (Normalize(filter.Event) is { } name)
        {
            query = query.Where(l => l.Event == name);
        }
        if (filter.MessageId is { } messageId)
        {
            query = query.Where(l => l.MessageId == messageId);
        }
        if (filter.Code is { } code)
        {
            query = query.Where(l => l.Code == code);
        }
        // Npgsql accepts only UTC values for timestamptz parameters.
        if (filter.Since?.ToUniversalTime() is { } since)
        {
            query = query.Where(l => l.At >= since);
        }
        if (filter.Until?.ToUniversalTime() is { } until)
        {
            query = query.Where(l => l.At < until);
        }
        if (filter.Domain is not null)
        {
            var domain = await DomainAsync(db, workspace, filter.Domain, cancellationToken);
            var suffix = "@" + domain.Name;
            // Entries written before a domain was known (a failed login) carry only the mailbox typed. The
            // two kinds are joined by UNION ALL, not OR: each is then one index range in id order, and the
            // database merges the two lazily, where an OR would walk the whole workspace.
            query = query.Where(l => l.DomainId == domain.Id)
                .Concat(query.Where(l => l.DomainId == null && l.Mailbox != null
                    && l.Mailbox.ToLower().EndsWith(suffix)));
        }
        return query;
    }

    private static async Task<Domain> DomainAsync(
        ColdMailDbContext db,
        Workspace workspace,
        string name,
        CancellationToken cancellationToken)
    {
        try
        {
            return await WorkspaceLookup.DomainAsync(db, workspace, name, cancellationToken);
        }
        catch (ResourceException e)
        {
            throw e.In(EmailLogFilterText.DomainParameter);
        }
    }

    private static string? Normalize(string? text)
        => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToLowerInvariant();

    private static void CheckLimit(int limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw ResourceException.Invalid(
                $"The limit must be between 1 and {MaxLimit.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}

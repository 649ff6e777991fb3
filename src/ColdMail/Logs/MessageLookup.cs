using ColdMail.Common;
using ColdMail.Storage;
using ColdMail.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace ColdMail.Logs;

/// <summary>Finds one accepted message of a workspace by the id given to the client at acceptance.</summary>
public sealed class MessageLookup(ColdMailDatabase database, EmailLogQuery log)
{
    public async Task<MessageDetails> FindAsync(
        Workspace workspace,
        string id,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id.Trim(), out var messageId))
        {
            throw ResourceException.Invalid(
                $"'{id}' is not a message id: give the 32 hex digits from 'queued as' or 'coldmail logs'.");
        }

        await using var db = database.CreateContext();
        var message = await db.Messages.AsNoTracking()
                .Include(m => m.Recipients.OrderBy(r => r.Id))
                .Where(m => m.Id == messageId && m.WorkspaceId == workspace.Id)
                .FirstOrDefaultAsync(cancellationToken)
            ?? throw ResourceException.NotFound(
                $"The workspace '{workspace.Name}' has no message {messageId:N}; it may have been purged.");
        var timeline = await log.ForMessageAsync(workspace, messageId, cancellationToken);
        return new MessageDetails(message, timeline);
    }
}

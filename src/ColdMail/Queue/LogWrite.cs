using ColdMail.Logs;
using ColdMail.Storage;

namespace ColdMail.Queue;

/// <summary>
/// Email log entries of a refusal, written beside the acceptances of the same moment.
/// </summary>
internal sealed class LogWrite(
    IReadOnlyList<EmailLogRecord> records,
    CancellationToken requestAborted) : PendingWrite(requestAborted)
{
    public override Task StageAsync(ColdMailDbContext db, CancellationToken cancellationToken)
    {
        db.EmailLog.AddRange(records.Select(r => r.ToEntity()));
        return Task.CompletedTask;
    }
}

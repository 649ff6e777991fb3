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
    public override async Task StageAsync(WriteSession session, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            await session.AppendLogAsync(record.ToEntity(), cancellationToken);
        }
    }
}

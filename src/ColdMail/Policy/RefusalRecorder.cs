using ColdMail.Logs;
using ColdMail.Queue;
using ColdMail.Smtp;

namespace ColdMail.Policy;

/// <summary>
/// Records a refusal before it is sent: one <c>rejected</c> email log entry per recipient concerned
/// (one without a recipient at MAIL), carrying the reply given, a line in the operator's log and
/// one count in the rejected-submissions metric.
/// </summary>
internal sealed class RefusalRecorder(
    MessageAcceptor acceptor,
    ColdMailMetrics metrics,
    TimeProvider time,
    ILogger<RefusalRecorder> logger)
{
    public async Task<SmtpReply> RefuseAsync(
        SubmissionContext context,
        AuthenticatedSender sender,
        string command,
        SmtpReply reply,
        IReadOnlyList<string?> recipients,
        CancellationToken cancellationToken)
    {
        PolicyLog.Refused(logger, context.SessionId, command, reply.Code, reply.EnhancedCode, reply.Text);
        // Labelled by the mailbox's domain, a name from the database, never one the client typed.
        metrics.RecordRejected(Addresses.DomainOf(sender.Address));
        var now = time.GetUtcNow();
        var records = recipients
            .Select(r => SubmissionRecords.Rejected(context, sender, now, reply, r))
            .ToList();
        try
        {
            // Written with the acceptances of the same moment: one shared commit, no extra fsync.
            await acceptor.AppendAsync(records, cancellationToken);
        }
        catch (AcceptorStoppedException)
        {
            PolicyLog.RecordSkipped(logger, context.SessionId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The client still gets the refusal it earned; only the record is missing, and the
            // operator's log says so.
            PolicyLog.RecordFailed(logger, exception, context.SessionId);
        }
        return reply;
    }
}

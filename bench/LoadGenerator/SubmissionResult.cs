namespace ColdMail.Bench;

/// <summary>How one transaction ended: the reply that decided it and the command it answered.</summary>
internal readonly record struct SubmissionResult(bool Accepted, int Code, string Stage, string Text)
{
    public static SubmissionResult Refused(string stage, SmtpReply reply) => new(false, reply.Code, stage, reply.Text);
}

using ColdMail.Smtp;

namespace ColdMail.Tests.Smtp;

public sealed class SmtpRedactionTests
{
    [Theory]
    [InlineData("AUTH PLAIN AHVzZXIAc2VjcmV0", false, "AUTH PLAIN ***")]
    [InlineData("auth login dXNlcg==", false, "AUTH login ***")]
    [InlineData("AUTH PLAIN", false, "AUTH PLAIN")]
    [InlineData("c2VjcmV0", true, "***")]
    [InlineData("*", true, "*")]
    [InlineData("MAIL FROM:<a@example.com>", false, "MAIL FROM:<a@example.com>")]
    public void AUTH_payloads_never_reach_the_log(string line, bool answersChallenge, string logged)
    {
        Assert.Equal(logged, SmtpRedaction.ForLog(line, answersChallenge));
    }
}

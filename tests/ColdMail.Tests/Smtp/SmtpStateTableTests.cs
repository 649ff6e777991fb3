using ColdMail.Smtp;

namespace ColdMail.Tests.Smtp;

public sealed class SmtpStateTableTests
{
    [Fact]
    public void Nothing_leads_to_a_transaction_without_a_login()
    {
        var intoTransaction = SmtpStateTable.Rows.Where(row => row.From != row.To && row.To is SmtpState.MailGiven
            or SmtpState.RecipientGiven or SmtpState.ReceivingData).ToList();

        Assert.Equal(4, intoTransaction.Count);
        Assert.All(intoTransaction, row => Assert.True(row.Requires.HasFlag(SmtpRequirement.Authenticated)));
    }

    [Fact]
    public void AUTH_needs_TLS_and_STARTTLS_resets_to_connected()
    {
        Assert.True(SmtpStateTable.TryGet(SmtpState.Greeted, SmtpVerb.Auth, out var auth));
        Assert.True(auth.Requires.HasFlag(SmtpRequirement.Tls));
        Assert.True(SmtpStateTable.TryGet(SmtpState.Greeted, SmtpVerb.StartTls, out var startTls));
        Assert.Equal(SmtpState.Connected, startTls.To);
    }

    [Fact]
    public void No_command_is_read_while_data_is_received()
    {
        Assert.All(Enum.GetValues<SmtpVerb>(),
            verb => Assert.False(SmtpStateTable.TryGet(SmtpState.ReceivingData, verb, out _)));
    }

    [Theory]
    [InlineData(SmtpState.Connected)]
    [InlineData(SmtpState.Greeted)]
    [InlineData(SmtpState.MailGiven)]
    [InlineData(SmtpState.RecipientGiven)]
    public void EHLO_QUIT_NOOP_and_RSET_work_in_every_dialogue_state(SmtpState state)
    {
        foreach (var verb in (SmtpVerb[])[SmtpVerb.Ehlo, SmtpVerb.Quit, SmtpVerb.Noop, SmtpVerb.Rset])
        {
            Assert.True(SmtpStateTable.TryGet(state, verb, out _), $"{verb} in {state}");
        }
    }
}

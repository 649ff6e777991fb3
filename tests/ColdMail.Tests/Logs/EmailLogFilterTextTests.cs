using ColdMail.Common;
using ColdMail.Logs;

namespace ColdMail.Tests.Logs;

public sealed class EmailLogFilterTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_value_is_read_into_its_filter()
    {
        var message = Guid.CreateVersion7();
        var text = new EmailLogFilterText(" Bücher.Example ", " Sam@Acme.example ", "ceo@x.example",
            message.ToString("N"), " Delivered ", " 550 ", "1h", "2026-03-01T11:30:00+01:00");

        var filter = text.Parse(Now);

        Assert.Equal(new EmailLogFilter("xn--bcher-kva.example", "Sam@Acme.example", "ceo@x.example", "delivered",
            Now.AddHours(-1), new DateTimeOffset(2026, 3, 1, 10, 30, 0, TimeSpan.Zero), message, 550), filter);
    }

    [Fact]
    public void Blank_values_are_no_filter()
    {
        var filter = new EmailLogFilterText(" ", "", null, "\t", " ", "", " ", null).Parse(Now);

        Assert.Equal(new EmailLogFilter(), filter);
    }

    [Theory]
    [InlineData(EmailLogFilterText.DomainParameter, "acme..example")]
    [InlineData(EmailLogFilterText.DomainParameter, "10.0.0.1")]
    [InlineData(EmailLogFilterText.MailboxParameter, null)]
    [InlineData(EmailLogFilterText.RecipientParameter, null)]
    [InlineData(EmailLogFilterText.MessageParameter, "0193a6f2c4b87d1e9a0b5c3d2e1f4a6")]
    [InlineData(EmailLogFilterText.EventParameter, "bounce")]
    [InlineData(EmailLogFilterText.CodeParameter, "199")]
    [InlineData(EmailLogFilterText.CodeParameter, "600")]
    [InlineData(EmailLogFilterText.CodeParameter, "+250")]
    [InlineData(EmailLogFilterText.CodeParameter, "2500000000000")]
    [InlineData(EmailLogFilterText.SinceParameter, "yesterday")]
    [InlineData(EmailLogFilterText.UntilParameter, "99999999999999999d")]
    public void A_bad_value_is_refused_naming_its_parameter(string parameter, string? value)
    {
        // No address is longer than a path may be (RFC 5321 §4.5.3.1.3).
        value ??= new string('a', 250) + "@x.example";
        var text = parameter switch
        {
            EmailLogFilterText.DomainParameter => new EmailLogFilterText(Domain: value),
            EmailLogFilterText.MailboxParameter => new EmailLogFilterText(Mailbox: value),
            EmailLogFilterText.RecipientParameter => new EmailLogFilterText(Recipient: value),
            EmailLogFilterText.MessageParameter => new EmailLogFilterText(Message: value),
            EmailLogFilterText.EventParameter => new EmailLogFilterText(Event: value),
            EmailLogFilterText.CodeParameter => new EmailLogFilterText(Code: value),
            EmailLogFilterText.SinceParameter => new EmailLogFilterText(Since: value),
            _ => new EmailLogFilterText(Until: value),
        };

        var error = Assert.Throws<ResourceException>(() => text.Parse(Now));

        Assert.Equal((ResourceError.Invalid, parameter), (error.Error, error.Parameter));
    }

    [Fact]
    public void Every_event_the_log_writes_is_accepted()
    {
        foreach (var name in new[] { EmailEvents.AuthFailed, EmailEvents.LimitChanged, EmailEvents.Unsubscribed })
        {
            Assert.Equal(name, new EmailLogFilterText(Event: name.ToUpperInvariant()).Parse(Now).Event);
        }
    }
}

using System.Net;
using ColdMail.Policy;
using ColdMail.Smtp;

namespace ColdMail.Tests.Policy;

public sealed class ReceivedFieldTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.Parse("0195f0c2-0000-7000-8000-000000000001");

    [Theory]
    [InlineData("client.example", "203.0.113.7", "from client.example ([203.0.113.7])")]
    [InlineData("[203.0.113.7]", "203.0.113.7", "from [203.0.113.7] ([203.0.113.7])")]
    [InlineData("::ffff:203.0.113.7", "::ffff:203.0.113.7", "from [203.0.113.7] ([203.0.113.7])")]
    [InlineData("laptop", "2001:db8::7", "from laptop ([IPv6:2001:db8::7])")]
    [InlineData("evil;by(x)", "203.0.113.7", "from [203.0.113.7] ([203.0.113.7])")]
    [InlineData(null, "203.0.113.7", "from [203.0.113.7] ([203.0.113.7])")]
    public void The_trace_field_names_the_client_by_a_safe_EHLO_name_and_its_address_literal(
        string? ehlo,
        string remote,
        string expected)
    {
        var context = new SubmissionContext
        {
            SessionId = "s1",
            RemoteAddress = IPAddress.Parse(remote),
            IsTls = true,
            ClientName = ehlo,
        };

        var field = ReceivedField.For(context, "mail.test.example", Id, Now);

        Assert.Equal(
            $"Received: {expected}\r\n\tby mail.test.example with ESMTPSA id {Id:N};\r\n"
            + "\tTue, 10 Mar 2026 09:30:00 +0000\r\n",
            field);
    }
}

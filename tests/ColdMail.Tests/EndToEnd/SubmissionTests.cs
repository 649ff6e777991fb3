using System.Text;

namespace ColdMail.Tests.EndToEnd;

public sealed class SubmissionTests
{
    public static TheoryData<bool, string> Connections => new()
    {
        { false, "PLAIN" },
        { false, "LOGIN" },
        { true, "PLAIN" },
        { true, "LOGIN" },
    };

    [Theory]
    [MemberData(nameof(Connections))]
    public async Task A_new_user_sends_with_MailKit_and_finds_the_message_stored_and_logged(
        bool implicitTls,
        string mechanism)
    {
        await using var server = await EndToEndServer.StartAsync();
        var sender = await server.AddSenderAsync("acme.example");
        using var client = await server.ConnectAsync(sender, implicitTls, mechanism);

        var reply = await client.SendAsync(
            EndToEndServer.NewMessage(sender.Address, "someone@example.org", $"via {mechanism}"));
        await client.DisconnectAsync(true);

        var id = EndToEndServer.QueueId(reply);
        var message = await server.MessageAsync(id);
        Assert.NotNull(message);
        Assert.Equal(sender.Address, message.MailFrom);
        Assert.Equal("someone@example.org", Assert.Single(message.Recipients).Address);
        var body = await server.BodyAsync(id);
        Assert.NotNull(body);
        Assert.Contains($"Subject: via {mechanism}", Encoding.UTF8.GetString(body));
        var events = await server.LoggedEventsAsync(id);
        Assert.Contains("received", events);
        Assert.Contains("queued", events);
    }
}

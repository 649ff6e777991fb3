using System.Runtime.InteropServices;
using System.Text;
using ColdMail.Delivery;
using MimeKit;

namespace ColdMail.Tests.Delivery;

public sealed class OutgoingMessageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_eight_bit_body_goes_out_as_seven_bit()
    {
        var stored = Encoding.UTF8.GetBytes(
            "From: a@sender.test\r\nDate: Thu, 03 Dec 2026 12:00:00 +0000\r\nMessage-ID: <x@sender.test>\r\n" +
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße aus Köln\r\n");

        var wire = Prepared(stored);

        Assert.True(Ascii.IsValid(wire));
        var reloaded = MimeMessage.Load(new MemoryStream(wire));
        Assert.Equal("Grüße aus Köln", reloaded.TextBody?.TrimEnd());
        Assert.NotEqual(ContentEncoding.EightBit, Assert.IsType<TextPart>(reloaded.Body).ContentTransferEncoding);
    }

    [Fact]
    public void A_line_longer_than_78_characters_is_re_encoded()
    {
        var line = new string('x', 120);
        var stored = Encoding.ASCII.GetBytes(
            $"From: a@sender.test\r\nDate: Thu, 03 Dec 2026 12:00:00 +0000\r\nMessage-ID: <x@sender.test>\r\n" +
            $"Content-Type: text/plain\r\n\r\n{line}\r\n");

        var wire = Encoding.ASCII.GetString(Prepared(stored));

        Assert.DoesNotContain(line, wire);
        Assert.Contains("Content-Transfer-Encoding: quoted-printable", wire);
    }

    [Fact]
    public void Short_ascii_lines_go_out_as_they_were_stored_without_a_copy()
    {
        var stored = Encoding.ASCII.GetBytes(
            "From: a@sender.test\r\nDate: Thu, 03 Dec 2026 12:00:00 +0000\r\nmessage-id : <x@sender.test>\r\n" +
            "Content-Type: text/plain\r\n\r\nHello,\r\n\r\nshort lines only.\r\n");

        var wire = OutgoingMessage.ForWire(stored, "sender.test", Guid.NewGuid(), Now, null);

        Assert.True(MemoryMarshal.TryGetArray(wire!.Value, out var segment));
        Assert.Same(stored, segment.Array);
        Assert.Equal(stored.Length, segment.Count);
    }

    [Fact]
    public void A_missing_date_and_message_id_are_added()
    {
        var stored = Encoding.ASCII.GetBytes("From: a@sender.test\r\n\r\nHi\r\n");
        var id = Guid.NewGuid();
        using var message = MimeMessage.Load(new MemoryStream(stored));

        OutgoingMessage.Prepare(message, stored, "sender.test", id, Now);

        Assert.Equal(($"{id:N}@sender.test", Now), (message.MessageId, message.Date));
    }

    [Theory]
    [InlineData("From: a@sender.test\r\nSubject: Date: soon\r\n\r\nMessage-ID: in the body\r\n")]
    [InlineData("From: a@sender.test\r\nX-Date: 1\r\nX-Message-ID: 2\r\n\r\nHi\r\n")]
    public void A_message_sent_as_stored_gets_a_date_and_message_id_when_its_header_has_none(string raw)
    {
        var id = Guid.NewGuid();

        var wire = OutgoingMessage.ForWire(Encoding.ASCII.GetBytes(raw), "sender.test", id, Now, null)!.Value;

        using var message = MimeMessage.Load(new MemoryStream(wire.ToArray()));
        Assert.Equal(($"{id:N}@sender.test", Now), (message.MessageId, message.Date));
        Assert.EndsWith(raw, Encoding.ASCII.GetString(wire.Span));
    }

    [Fact]
    public void An_unsubscribe_link_replaces_the_submitters_own()
    {
        var stored = Encoding.ASCII.GetBytes(
            "From: a@sender.test\r\nDate: Thu, 03 Dec 2026 12:00:00 +0000\r\nMessage-ID: <x@sender.test>\r\n" +
            "List-Unsubscribe: <mailto:old@sender.test>\r\n\r\nHi\r\n");

        var wire = OutgoingMessage.ForWire(stored, "sender.test", Guid.NewGuid(), Now, "https://u.test/u/abc")!.Value;

        using var message = MimeMessage.Load(new MemoryStream(wire.ToArray()));
        var link = Assert.Single(message.Headers, h => h.Id == HeaderId.ListUnsubscribe);
        Assert.Equal("<https://u.test/u/abc>", link.Value);
        Assert.Equal(UnsubscribeHeaders.PostValue, message.Headers["List-Unsubscribe-Post"]);
    }

    private static byte[] Prepared(byte[] stored)
        => OutgoingMessage.ForWire(stored, "sender.test", Guid.NewGuid(), Now, null)!.Value.ToArray();
}

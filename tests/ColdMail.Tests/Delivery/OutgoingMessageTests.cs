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
    public void Short_ascii_lines_go_out_as_they_were_stored()
    {
        var stored = Encoding.ASCII.GetBytes(
            "From: a@sender.test\r\nDate: Thu, 03 Dec 2026 12:00:00 +0000\r\nMessage-ID: <x@sender.test>\r\n" +
            "Content-Type: text/plain\r\n\r\nHello,\r\n\r\nshort lines only.\r\n");

        Assert.Equal(stored, Prepared(stored));
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

    private static byte[] Prepared(byte[] stored)
    {
        using var message = MimeMessage.Load(new MemoryStream(stored));
        OutgoingMessage.Prepare(message, stored, "sender.test", Guid.NewGuid(), Now);
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        using var wire = new MemoryStream();
        message.WriteTo(format, wire);
        return wire.ToArray();
    }
}

using ColdMail.Logs;

namespace ColdMail.Tests.Logs;

public sealed class CsvFieldTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("plain text", "plain text")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\r\nbreak", "\"line\r\nbreak\"")]
    [InlineData("bare\nfeed", "\"bare\nfeed\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-ERR", "'-ERR")]
    [InlineData("@sum", "'@sum")]
    [InlineData("mid=dle", "mid=dle")]
    public void A_field_is_written_as_rfc_4180_says_and_never_as_a_formula(string? value, string expected)
    {
        var writer = new StringWriter();

        CsvField.Write(writer, value);

        Assert.Equal(expected, writer.ToString());
    }
}

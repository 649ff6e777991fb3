using System.Text;
using ColdMail.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ColdMail.Tests.Hosting;

public sealed class BatchedConsoleLoggerTests
{
    [Fact]
    public void Lines_are_written_in_the_console_loggers_format_and_reach_the_output_by_the_stop()
    {
        var (output, error) = (new MemoryStream(), new MemoryStream());
        var provider = Create(output, error, logging => logging
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Error)
            .AddSimpleConsole(o => o.ColorBehavior = LoggerColorBehavior.Disabled));
        var logger = provider.CreateLogger("ColdMail.Test");

        for (var i = 0; i < 1000; i++)
        {
            logger.LogInformation(new EventId(7, "Seven"), "Line {Number}", i);
        }
        logger.LogError("Broken {Thing}", "disk");
        provider.Dispose();

        var lines = Encoding.UTF8.GetString(output.ToArray());
        Assert.StartsWith("info: ColdMail.Test[7]\n      Line 0\n", lines);
        Assert.EndsWith("      Line 999\n", lines);
        Assert.Equal(1000, lines.Split("info: ").Length - 1);
        Assert.Equal("fail: ColdMail.Test[0]\n      Broken disk\n", Encoding.UTF8.GetString(error.ToArray()));
    }

    [Fact]
    public void A_line_longer_than_the_kept_buffer_is_written_whole_and_the_next_one_too()
    {
        var output = new MemoryStream();
        var provider = Create(output, new MemoryStream(), logging => logging
            .AddSimpleConsole(o => o.ColorBehavior = LoggerColorBehavior.Disabled));
        var logger = provider.CreateLogger("ColdMail.Test");
        var detail = new string('x', 40_000);

        logger.LogWarning("Long {Detail}", detail);
        logger.LogWarning("Short");
        provider.Dispose();

        var lines = Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("      Long " + detail + "\n", lines);
        Assert.EndsWith("      Short\n", lines);
    }

    [Fact]
    public void The_json_formatter_is_used_when_the_settings_name_it()
    {
        var output = new MemoryStream();
        var provider = Create(output, new MemoryStream(), logging => logging.AddJsonConsole());

        provider.CreateLogger("ColdMail.Test").LogWarning("Limit {Name} reached", "hourly");
        provider.Dispose();

        var line = Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("\"Message\":\"Limit hourly reached\"", line);
        Assert.Contains("\"LogLevel\":\"Warning\"", line);
    }

    private static BatchedConsoleLoggerProvider Create(
        Stream output,
        Stream error,
        Action<ILoggingBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(configure);
        var provider = services.BuildServiceProvider();
        return new BatchedConsoleLoggerProvider(
            provider.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(),
            provider.GetRequiredService<IEnumerable<ConsoleFormatter>>(),
            output,
            error);
    }
}

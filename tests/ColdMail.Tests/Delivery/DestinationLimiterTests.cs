using ColdMail.Configuration;
using ColdMail.Delivery;
using Microsoft.Extensions.Options;

namespace ColdMail.Tests.Delivery;

public sealed class DestinationLimiterTests
{
    [Fact]
    public void A_destination_takes_no_more_deliveries_than_its_cap_until_one_ends()
    {
        var limiter = Limiter(new() { ["example.test"] = 2 });

        var first = limiter.TryEnter("example.test");
        var second = limiter.TryEnter("EXAMPLE.test");
        var third = limiter.TryEnter("example.test");
        first!.Dispose();
        first.Dispose();
        var fourth = limiter.TryEnter("example.test");
        var fifth = limiter.TryEnter("example.test");

        Assert.NotNull(second);
        Assert.Null(third);
        Assert.NotNull(fourth);
        Assert.Null(fifth);
    }

    [Theory]
    [InlineData("gmail.com", "gmail.com", 4)]
    [InlineData("yahoo.com", "yahoo.com", 2)]
    [InlineData("mail.corp.test", "*.corp.test", 3)]
    [InlineData("deep.mail.corp.test", "*.corp.test", 3)]
    [InlineData("special.corp.test", "special.corp.test", 1)]
    [InlineData("corp.test", "corp.test", 10)]
    [InlineData("unknown.test", "unknown.test", 10)]
    public void The_most_specific_pattern_decides_a_domains_destination_and_cap(
        string domain,
        string key,
        int limit)
    {
        var limiter = Limiter(new() { ["*.corp.test"] = 3, ["special.corp.test"] = 1 });

        Assert.Equal((key, limit), limiter.Destination(domain));
    }

    [Fact]
    public void Domains_under_one_pattern_share_its_cap()
    {
        var limiter = Limiter(new() { ["*.corp.test"] = 1 });

        var one = limiter.TryEnter("a.corp.test");
        var other = limiter.TryEnter("b.corp.test");

        Assert.NotNull(one);
        Assert.Null(other);
    }

    [Fact]
    public async Task A_freed_slot_goes_to_the_longest_waiter_first()
    {
        var limiter = Limiter(new() { ["example.test"] = 1 });
        var held = limiter.TryEnter("example.test")!;

        var first = limiter.EnterAsync("example.test", CancellationToken.None);
        var second = limiter.EnterAsync("example.test", CancellationToken.None);
        held.Dispose();
        var firstSlot = await first;

        Assert.NotNull(firstSlot);
        Assert.False(second.IsCompleted);
        Assert.Null(limiter.TryEnter("example.test"));
        firstSlot.Dispose();
        var secondSlot = await second;
        Assert.NotNull(secondSlot);
        secondSlot.Dispose();
        Assert.NotNull(limiter.TryEnter("example.test"));
    }

    [Fact]
    public async Task A_waiter_that_gives_up_gets_no_slot_and_takes_none_from_others()
    {
        var limiter = Limiter(new() { ["example.test"] = 1 });
        var held = limiter.TryEnter("example.test")!;
        using var giveUp = new CancellationTokenSource();

        var waiting = limiter.EnterAsync("example.test", giveUp.Token);
        await giveUp.CancelAsync();
        var slot = await waiting;
        held.Dispose();

        Assert.Null(slot);
        Assert.Equal(0, limiter.Waiting);
        var next = limiter.TryEnter("example.test");
        Assert.NotNull(next);
        Assert.Null(limiter.TryEnter("example.test"));
    }

    [Fact]
    public async Task A_destination_below_its_cap_gives_a_slot_without_waiting()
    {
        var limiter = Limiter(new() { ["example.test"] = 2 });

        using var slot = await limiter.EnterAsync("example.test", new CancellationToken(canceled: true));

        Assert.NotNull(slot);
    }

    private static DestinationLimiter Limiter(Dictionary<string, int> patterns)
    {
        var options = new ColdMailOptions();
        foreach (var (pattern, limit) in patterns)
        {
            options.Delivery.Concurrency[pattern] = limit;
        }
        return new DestinationLimiter(Options.Create(options));
    }
}

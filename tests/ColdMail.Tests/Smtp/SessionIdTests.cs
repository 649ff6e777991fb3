using ColdMail.Smtp;
using Microsoft.Extensions.Time.Testing;

namespace ColdMail.Tests.Smtp;

public sealed class SessionIdTests
{
    [Fact]
    public void Session_ids_are_short_unique_and_sort_by_time()
    {
        var time = new FakeTimeProvider();
        var earlier = Enumerable.Range(0, 1000).Select(_ => SessionId.Create(time)).ToList();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var later = SessionId.Create(time);

        Assert.All(earlier, id => Assert.Equal(16, id.Length));
        Assert.Equal(earlier.Count, earlier.Distinct().Count());
        Assert.All(earlier, id => Assert.True(string.CompareOrdinal(id, later) < 0));
    }
}

using System.Net;
using ColdMail.Configuration;
using ColdMail.Smtp.Listeners;
using Microsoft.Extensions.Options;

namespace ColdMail.Tests.Smtp;

public sealed class ConnectionLimiterTests
{
    [Fact]
    public void Each_address_gets_its_own_allowance()
    {
        var limiter = new ConnectionLimiter(Options.Create(new ColdMailOptions
        {
            Smtp = new SmtpOptions { MaxConnectionsPerAddress = 2 },
        }));
        var one = IPAddress.Parse("192.0.2.1");
        var two = IPAddress.Parse("192.0.2.2");

        Assert.True(limiter.TryAcquire(one));
        Assert.True(limiter.TryAcquire(one));
        Assert.False(limiter.TryAcquire(one));
        Assert.True(limiter.TryAcquire(two));
        limiter.Release(one);
        Assert.True(limiter.TryAcquire(one));
    }
}

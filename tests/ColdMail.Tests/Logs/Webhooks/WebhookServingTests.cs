using ColdMail.Hosting;
using ColdMail.Logs.Webhooks;
using ColdMail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ColdMail.Tests.Logs.Webhooks;

public sealed class WebhookServingTests
{
    [Fact]
    public async Task Serve_runs_the_webhook_dispatcher_and_admin_verbs_do_not()
    {
        await using var instance = await TestInstance.CreateAsync();
        await using var app = ServeHost.Build(null, [], new Dictionary<string, string?>(instance.Settings));

        var hosted = app.Services.GetServices<IHostedService>();

        Assert.Contains(hosted, s => s is WebhookDispatchService);
        Assert.DoesNotContain(instance.Services.GetServices<IHostedService>(), s => s is WebhookDispatchService);
        Assert.NotNull(instance.Services.GetService<WebhookService>());
    }
}

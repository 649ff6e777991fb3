namespace ColdMail.Tests.Support;

/// <summary>
/// Waits for a condition another thread will make true, failing the test at a deadline.
/// </summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, int timeoutSeconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(5);
        }
    }

    /// <summary>Sends the request again until it is answered with the status, failing at a deadline.</summary>
    public static async Task<HttpResponseMessage> ResponseAsync(
        Func<Task<HttpResponseMessage>> send,
        System.Net.HttpStatusCode status,
        int timeoutSeconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var response = await send();
            if (response.StatusCode == status)
            {
                return response;
            }
            response.Dispose();
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for a {status} response.");
            await Task.Delay(5);
        }
    }
}

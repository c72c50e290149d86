namespace CallSid.Dashboard.Tests.Infrastructure;

/// <summary>
/// Waits for a condition, polling, with a generous deadline: the export pipeline and the pages are asynchronous and a
/// busy 2-core machine is slow. Never a fixed sleep: the wait ends as soon as the condition holds.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<T> GetAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var last = default(T);
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await read();
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception error) when (error is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException)
            {
                lastError = error;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Timed out waiting for {what}. Last value: {System.Text.Json.JsonSerializer.Serialize(last)}", lastError);
    }
}

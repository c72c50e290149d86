using System.Reflection;
using Microsoft.Extensions.Logging.Console;

namespace CallSid.Edge.Extensions;

/// <summary>
/// How the edge's threads do their work. By default .NET hands every completed socket read to the thread pool, and
/// Kestrel hands the request to the thread pool once more; a proxied webhook passes through four such hand-overs, each
/// waking a thread. On two cores shared with Transcripts and PostgreSQL those wake-ups and the pool's spinning while
/// it waits for work were most of the edge's CPU (measured with tests/CallSid.Benchmarks, see docs/performance.md).
/// Inline, Kestrel runs the pipeline where the request was read, and socket completions run on the socket engine's
/// own thread, so a webhook is received, checked, forwarded and answered without waking anything.
/// </summary>
public static class EdgeTransportExtensions
{
    private const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static WebApplicationBuilder UseInlineIO(this WebApplicationBuilder builder, bool inline)
    {
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = inline);
        if (!inline)
        {
            return builder;
        }

        // Process-wide, and read once when the first socket is used: only in the edge's own process (not in a test
        // process hosting the edge beside other code that may block), and before Kestrel opens a socket.
        if (Assembly.GetEntryAssembly() == typeof(EdgeTransportExtensions).Assembly
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(InlineSocketCompletions)))
        {
            Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
        }

        // Nothing on these threads may block. The console logger would block the caller when its queue is full (a
        // burst of refusals while stdout is slow); dropping lines then is better than stalling every connection.
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite);
        return builder;
    }
}

using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace CallSid.Edge.Webhooks;

/// <summary>
/// A webhook's body, read in full into pooled memory once per request: the signature check reads these bytes and the
/// proxy sends the same bytes on. Kestrel's body limit applies while it is read, so a body over the limit fails here
/// with 413 (chunked or not) instead of halfway through the proxy. Sized by Content-Length when there is one; the
/// memory goes back to the pool when the response is done. (ASP.NET Core's EnableBuffering would copy it once more,
/// and to a temporary file above 30 KB.)
/// </summary>
public sealed class WebhookBody : IDisposable
{
    private const int UnknownLengthStart = 4096;
    private byte[]? _buffer;

    private WebhookBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => (_buffer ?? throw new ObjectDisposedException(nameof(WebhookBody))).AsSpan(0, Length);

    /// <summary>The body of <paramref name="context"/>'s request; read on the first call, after which <c>Request.Body</c> serves these bytes.</summary>
    public static async ValueTask<WebhookBody> ReadAsync(HttpContext context)
    {
        if (context.Features.Get<WebhookBody>() is { } read)
        {
            return read;
        }

        var request = context.Request;
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? int.MaxValue;
        // A declared length over the limit is refused by Kestrel on the first read; no need to allocate it.
        var declared = request.ContentLength is { } length && length <= Math.Min(limit, Array.MaxLength) ? (int?)length : null;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(declared ?? UnknownLengthStart, 1));
        var filled = 0;
        try
        {
            while (filled != declared)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var count = await request.Body.ReadAsync(buffer.AsMemory(filled), context.RequestAborted);
                if (count == 0)
                {
                    break;
                }

                filled += count;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        var body = new WebhookBody(buffer, filled);
        context.Features.Set(body);
        context.Response.RegisterForDispose(body);
        request.Body = new MemoryStream(buffer, 0, filled, writable: false);
        return body;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

namespace CallSid.Dashboard.Pages;

/// <summary>
/// HTML answers with a Content-Security-Policy that allows only the dashboard's own origin: no CDN, no inline
/// script, nothing fetched from anywhere else, no framing.
/// </summary>
public static class PageResults
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'";

    public static IResult Html(string html, int statusCode = StatusCodes.Status200OK) => new HtmlResult(html, statusCode);

    private sealed class HtmlResult(string html, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.CacheControl = "no-store";
            return response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}

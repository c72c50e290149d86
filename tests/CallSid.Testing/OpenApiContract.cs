using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CallSid.Testing;

/// <summary>A service's OpenAPI document (<c>/openapi/v1.json</c>), held against the routes it maps and the answers it gives.</summary>
public sealed class OpenApiContract
{
    private readonly JsonElement _document;
    private readonly JsonSchemaSubset _schemas;

    private OpenApiContract(JsonElement document)
    {
        _document = document;
        _schemas = new JsonSchemaSubset(document);
    }

    public static async Task<OpenApiContract> LoadAsync(HttpClient service)
    {
        using var response = await service.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return new OpenApiContract(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>
    /// Every route the running service maps (minimal APIs, health checks, proxy routes) that the document does not list
    /// with its method, as "METHOD /path". The document's own route and a catch-all fallback are not routes of the API.
    /// </summary>
    public List<string> UndocumentedRoutes(IServiceProvider services)
    {
        var documented = _document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => $"{operation.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();
        var mapped = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => !endpoint.RoutePattern.RawText!.Contains("openapi", StringComparison.Ordinal) && !endpoint.RoutePattern.RawText!.Contains("{*"))
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => $"{method} /{endpoint.RoutePattern.RawText!.TrimStart('/')}"));
        return mapped.Where(route => !documented.Contains(route)).Distinct().Order().ToList();
    }

    /// <summary>
    /// What is wrong with <paramref name="response"/> as an answer of the operation <paramref name="method"/>
    /// <paramref name="pathTemplate"/> (for example <c>GET /calls/{callSid}</c>): an undocumented status or content type,
    /// or a body that breaks the documented schema. Empty when the answer is as documented.
    /// </summary>
    public async Task<List<string>> ProblemsWithAsync(string method, string pathTemplate, HttpResponseMessage response)
    {
        var where = $"{method} {pathTemplate} {(int)response.StatusCode}";
        if (!_document.GetProperty("paths").TryGetProperty(pathTemplate, out var path)
            || !path.TryGetProperty(method.ToLowerInvariant(), out var operation))
        {
            return [$"{where}: the operation is not documented"];
        }

        if (!operation.GetProperty("responses").TryGetProperty(((int)response.StatusCode).ToString(), out var documented))
        {
            return [$"{where}: the status is not documented"];
        }

        var body = await response.Content.ReadAsStringAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!documented.TryGetProperty("content", out var content))
        {
            return body.Length == 0 ? [] : [$"{where}: a body where none is documented"];
        }

        if (mediaType is null || !content.TryGetProperty(mediaType, out var media))
        {
            return [$"{where}: content type {mediaType} is not documented"];
        }

        if (!media.TryGetProperty("schema", out var schema))
        {
            return [];
        }

        var value = mediaType == "application/json" ? JsonDocument.Parse(body).RootElement : JsonSerializer.SerializeToElement(body);
        return _schemas.Validate(schema, value).Select(problem => $"{where}: {problem}").ToList();
    }

    /// <summary>A request with a JSON body, as callers send it.</summary>
    public static HttpRequestMessage Json(HttpMethod method, string path, string json, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return request;
    }
}

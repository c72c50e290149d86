using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Yarp.ReverseProxy.Configuration;

namespace CallSid.Edge.Extensions;

/// <summary>
/// The edge's public routes in its OpenAPI document. They are YARP routes, which the generator does not see, so each
/// route in the proxy configuration is described here; a route without a description fails the document (and a test).
/// </summary>
public sealed class PublicRoutesDocumentTransformer(IProxyConfigProvider proxy) : IOpenApiDocumentTransformer
{
    private const string Bearer = "TranscriptionToken";
    private const string Signature = "ElevenLabsSignature";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas["ErrorResponse"] = ErrorSchema();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [Bearer] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "Webhooks:TranscriptionToken" },
            [Signature] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "ElevenLabs-Signature",
                Description = "t={unix seconds},v0={hex HMAC-SHA256(Webhooks:PostCallSecret, \"{t}.{raw body}\")}; at most 30 minutes old, 5 minutes ahead",
            },
        };

        document.Paths ??= [];
        foreach (var route in proxy.GetConfig().Routes)
        {
            var operation = route.RouteId switch
            {
                "transcription-webhook" => Operation(document, "One spoken turn, for Transcripts", Bearer, TurnSchema(), ["201", "200", "400"]),
                "post-call-webhook" => Operation(document, "ElevenLabs' post-call events, for Calls", Signature, PostCallSchema(), ["200", "400", "404"]),
                _ => throw new InvalidOperationException($"The edge's route {route.RouteId} has no description in its OpenAPI document."),
            };
            var path = route.Match.Path ?? throw new InvalidOperationException($"The edge's route {route.RouteId} has no path.");
            document.Paths[path] = new OpenApiPathItem
            {
                Operations = (route.Match.Methods ?? ["POST"]).ToDictionary(method => new HttpMethod(method), _ => operation),
            };
        }

        return Task.CompletedTask;
    }

    private static OpenApiOperation Operation(OpenApiDocument document, string summary, string scheme, OpenApiSchema body, string[] fromBackend)
    {
        var responses = new OpenApiResponses();
        foreach (var status in fromBackend)
        {
            responses[status] = status.StartsWith('2')
                ? new OpenApiResponse { Description = "The service's answer", Content = Json(new OpenApiSchema { Type = JsonSchemaType.Object }) }
                : Error(document, "The service refused the request");
        }

        responses["401"] = Error(document, "Missing or wrong credentials");
        responses["413"] = Error(document, "Body over Edge:MaxRequestBodySize");
        responses["415"] = Error(document, "Not UTF-8 JSON");
        responses["429"] = Error(document, "Too many failed authentications from this address; Retry-After");
        responses["500"] = Error(document, "A fault of ours");
        responses["503"] = Error(document, "A service is down or at capacity; Retry-After");
        return new OpenApiOperation
        {
            Summary = summary,
            Tags = new HashSet<OpenApiTagReference> { new("Webhooks", document) },
            Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] }],
            RequestBody = new OpenApiRequestBody { Required = true, Content = Json(body) },
            Responses = responses,
        };
    }

    private static OpenApiResponse Error(OpenApiDocument document, string description) =>
        new() { Description = description, Content = Json(new OpenApiSchemaReference("ErrorResponse", document)) };

    private static Dictionary<string, OpenApiMediaType> Json(IOpenApiSchema schema) => new() { ["application/json"] = new OpenApiMediaType { Schema = schema } };

    private static OpenApiSchema ErrorSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "status", "message" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("error")] },
            ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["details"] = new OpenApiSchema { Type = JsonSchemaType.String },
        },
    };

    private static OpenApiSchema TurnSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "call_sid", "speaker", "message", "timestamp" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["call_sid"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
            ["speaker"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("agent"), JsonValue.Create("user")] },
            ["message"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["timestamp"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
        },
    };

    private static OpenApiSchema PostCallSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string> { "type" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "post_call_transcription, call_initiation_failure; others are acknowledged and ignored" },
            ["event_timestamp"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["data"] = new OpenApiSchema { Type = JsonSchemaType.Object },
        },
    };
}

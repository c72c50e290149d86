using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using CallSid.Conventions.Http;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace CallSid.Conventions.OpenApi;

/// <summary>
/// Each service's contract for its callers: an OpenAPI document at <c>/openapi/v1.json</c> (Microsoft.AspNetCore.OpenApi),
/// every route with every status it can answer and the error shape, plus the health endpoints.
/// </summary>
public static class OpenApiExtensions
{
    public static IHostApplicationBuilder AddDefaultOpenApi(this IHostApplicationBuilder builder, Action<OpenApiOptions>? configure = null)
    {
        var service = builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : builder.Environment.ApplicationName;
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = $"CallSid {service}";
                document.Info.Description = "Errors always have the shape {\"status\":\"error\",\"message\":...,\"details\":...}. A 503 carries Retry-After.";
                AddHealthEndpoints(document);
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                NotRequiredWhenOmitted(schema, context.JsonTypeInfo);
                return Task.CompletedTask;
            });
            configure?.Invoke(options);
        });
        return builder;
    }

    /// <summary>The document at <c>/openapi/v1.json</c>; in Development also a readable page of it at <c>/scalar/v1</c>.</summary>
    public static WebApplication MapDefaultOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }

        return app;
    }

    /// <summary>
    /// A property left out of the JSON when it is null (<c>[JsonIgnore(Condition = WhenWritingNull)]</c>, e.g. an error's
    /// <c>details</c>) is not required, whatever its constructor says.
    /// </summary>
    private static void NotRequiredWhenOmitted(OpenApiSchema schema, JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            var ignore = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true).OfType<JsonIgnoreAttribute>().FirstOrDefault();
            if (ignore is { Condition: JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault })
            {
                schema.Required?.Remove(property.Name);
            }
        }
    }

    /// <summary><c>/health</c> and <c>/alive</c> (health checks are not minimal APIs, so the generator does not see them).</summary>
    private static void AddHealthEndpoints(OpenApiDocument document)
    {
        document.Paths ??= [];
        foreach (var (path, summary) in new[]
        {
            (HealthEndpoints.Health, "Ready: the process and what it depends on (the database where there is one)"),
            (HealthEndpoints.Alive, "Alive: the process answers"),
        })
        {
            document.Paths[path] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Get] = new()
                    {
                        Summary = summary,
                        Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                        Responses = new OpenApiResponses
                        {
                            ["200"] = PlainText("Healthy"),
                            ["503"] = PlainText("Unhealthy"),
                        },
                    },
                },
            };
        }
    }

    private static OpenApiResponse PlainText(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create(description)] } },
        },
    };
}

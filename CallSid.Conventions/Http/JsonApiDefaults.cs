using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace CallSid.Conventions.Http;

/// <summary>
/// JSON conventions of our APIs (snake_case, enums as snake_case text) and the mapping of failures to the
/// contract's error shape: bad input is a 4xx with a reason, a dependency outage is a 503 the sender may retry,
/// anything else a 500 without internals.
/// </summary>
public static class JsonApiDefaults
{
    public static IServiceCollection AddJsonApiDefaults(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        // Minimal APIs only throw on unreadable bodies when told to; we want them to reach the handler below.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>Options for our own HttpClients that read or write our APIs (and ElevenLabs', which is snake_case too).</summary>
    public static JsonSerializerOptions CreateSerializerOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    public static WebApplication UseJsonErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteErrorAsync,
            // A bad request is the sender's problem: WriteErrorAsync logs it at Information, not as a server error.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException or JsonException,
        });
        // Empty-bodied 404/405/415 from routing get the same JSON shape.
        app.UseStatusCodePages(context => WriteStatusAsync(context.HttpContext));
        app.Use(RejectUnreadableCharsets);
        app.UseRequestBudgets();
        return app;
    }

    /// <summary>
    /// JSON is UTF-8 (RFC 8259). A body declared in another or an unknown charset is refused with 415 before anything
    /// tries to decode it (ASP.NET Core would throw on an unknown one).
    /// </summary>
    private static Task RejectUnreadableCharsets(HttpContext context, RequestDelegate next)
    {
        // Most requests name no charset at all: only those are worth parsing.
        if (context.Request.ContentType is { } contentType
            && contentType.Contains("charset", StringComparison.OrdinalIgnoreCase)
            && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.Charset is { Length: > 0 } charset
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return context.Response.WriteErrorAsync(StatusCodes.Status415UnsupportedMediaType, new ErrorResponse(
                "Unsupported media type; send application/json in UTF-8", $"charset '{charset}' is not accepted"));
        }

        return next(context);
    }

    /// <summary>What is down, when <paramref name="exception"/> means a dependency is unavailable; else null.</summary>
    public static string? DescribeOutage(Exception exception) => exception switch
    {
        RetryLimitExceededException or NpgsqlException { IsTransient: true } => "Database connection error",
        TimeoutException => "A dependency timed out",
        _ => exception.InnerException is { } inner ? DescribeOutage(inner) : null,
    };

    private static Task WriteErrorAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var budget = context.Features.Get<RequestBudgetFeature>();
        var (status, error) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, DescribeBadRequest(bad)),
            JsonException json => (StatusCodes.Status400BadRequest, new ErrorResponse("Invalid JSON body", json.Message)),
            not null when DescribeOutage(exception) is { } outage =>
                (StatusCodes.Status503ServiceUnavailable, new ErrorResponse($"{outage}. Please retry.", "Temporarily unavailable")),
            // Once the deadline has passed, whatever failed (a cancelled wait, or an error wrapping one) failed because of it.
            not null when budget is { Spent: true } => (StatusCodes.Status503ServiceUnavailable, new ErrorResponse(
                "Service unavailable. Please retry.", $"The request did not complete within its {budget.Budget.TotalMilliseconds:0} ms budget")),
            _ => (StatusCodes.Status500InternalServerError, new ErrorResponse("Internal server error. Please retry.")),
        };

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(JsonApiDefaults));
        if (status >= 500)
        {
            logger.LogError(exception, "Request {Method} {Path} failed with {StatusCode}", context.Request.Method, context.Request.Path, status);
        }
        else
        {
            logger.LogInformation("Request {Method} {Path} rejected with {StatusCode}: {Reason}", context.Request.Method, context.Request.Path, status, error.Details ?? error.Message);
        }

        return context.Response.WriteErrorAsync(status, error);
    }

    private static ErrorResponse DescribeBadRequest(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => new ErrorResponse("Request body too large", bad.Message),
        _ when bad.InnerException is JsonException json => new ErrorResponse("Invalid JSON body", json.Message),
        _ => new ErrorResponse("Invalid request", bad.Message),
    };

    private static Task WriteStatusAsync(HttpContext context)
    {
        var message = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => "Not found",
            StatusCodes.Status405MethodNotAllowed => "Method not allowed",
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported media type; send application/json",
            StatusCodes.Status502BadGateway => "Bad gateway: the service behind this one did not answer. Please retry.",
            StatusCodes.Status503ServiceUnavailable => "Service unavailable. Please retry.",
            StatusCodes.Status504GatewayTimeout => "Gateway timeout: the service behind this one answered too slowly. Please retry.",
            _ => "Request failed",
        };
        return context.Response.WriteErrorAsync(context.Response.StatusCode, new ErrorResponse(message, $"{context.Request.Method} {context.Request.Path}"));
    }
}

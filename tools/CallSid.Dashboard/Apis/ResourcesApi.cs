using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Resources;
using CallSid.Dashboard.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CallSid.Dashboard.Apis;

/// <summary>Resources, their console lines and their commands, through the dashboard's backend (the browser never talks to the AppHost).</summary>
public static class ResourcesApi
{
    private static readonly string[] Commands = ["stop", "start", "restart"];

    public static IEndpointRouteBuilder MapResourcesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/resources");
        api.MapGet("/", (ResourceCatalog catalog) => TypedResults.Ok(catalog.Describe())).WithName("GetResources");
        api.MapGet("/{name}/console", GetConsoleAsync).WithName("GetConsoleLines");
        api.MapPost("/{name}/commands/{command}", ExecuteCommandAsync).AddEndpointFilter<SameOriginCommandFilter>().WithName("ExecuteResourceCommand");
        app.MapGet("/api/telemetry/resources", (ResourceCatalog catalog) => TypedResults.Ok(catalog.TelemetryResources())).WithName("GetTelemetryResources");
        return app;
    }

    public static async Task<Results<Ok<ConsoleResponse>, NotFound<ErrorResponse>, JsonHttpResult<ErrorResponse>>> GetConsoleAsync(
        string name, long? after, ResourceState state, ResourceServiceClient client, CancellationToken cancellationToken)
    {
        if (state.Status == ResourceServiceStatus.Standalone)
        {
            return Unavailable("no resource service: running standalone", "Console logs come from the AppHost's resource service (DOTNET_RESOURCE_SERVICE_ENDPOINT_URL).");
        }

        try
        {
            var batch = await client.GetConsoleAsync(name, Math.Max(0, after ?? 0), cancellationToken);
            if (batch is null)
            {
                return TypedResults.NotFound(new ErrorResponse($"Resource not found: {name}"));
            }

            return TypedResults.Ok(new ConsoleResponse(
                name, batch.Lines.Select(l => new ConsoleLineItem(l.Sequence, l.Timestamp, l.Stream, l.Text)).ToList(), batch.Next));
        }
        catch (Exception unreachable) when (unreachable is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Unavailable("resource service unavailable", unreachable.Message);
        }
    }

    public static async Task<Results<Ok<CommandAccepted>, JsonHttpResult<ErrorResponse>>> ExecuteCommandAsync(
        string name, string command, ResourceState state, ResourceServiceClient client, ILogger<ResourceServiceClient> logger, CancellationToken cancellationToken)
    {
        if (state.Status == ResourceServiceStatus.Standalone)
        {
            return Unavailable("no resource service: running standalone", "Commands go to the AppHost's resource service.");
        }

        if (!Commands.Contains(command))
        {
            return TypedResults.Json(new ErrorResponse($"Unknown command: {command}", "Commands are stop, start and restart."), DashboardJson.Options, statusCode: StatusCodes.Status400BadRequest);
        }

        var outcome = await client.ExecuteCommandAsync(name, command, cancellationToken);
        logger.LogInformation("Command {Command} for {Resource}: {Status}", command, name, outcome.StatusCode);
        return outcome.StatusCode == StatusCodes.Status200OK
            ? TypedResults.Ok(new CommandAccepted("accepted", outcome.Message))
            : TypedResults.Json(new ErrorResponse(outcome.Message, $"The resource service answered {outcome.StatusCode}."), DashboardJson.Options, statusCode:
                outcome.StatusCode is >= 400 and < 600 ? outcome.StatusCode : StatusCodes.Status502BadGateway);
    }

    private static JsonHttpResult<ErrorResponse> Unavailable(string message, string details) =>
        TypedResults.Json(new ErrorResponse(message, details), DashboardJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
}

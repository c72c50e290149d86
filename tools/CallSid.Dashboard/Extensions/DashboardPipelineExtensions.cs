using System.Reflection;
using CallSid.Dashboard.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.FileProviders;

namespace CallSid.Dashboard.Extensions;

public static class DashboardPipelineExtensions
{
    /// <summary>
    /// Keeps each listener to its own routes: OTLP (/v1/*) only on the OTLP listener, everything else only on the UI
    /// listener. A request on the wrong one gets 404, as if the route did not exist there.
    /// </summary>
    public static WebApplication UseEndpointSeparation(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var kind = context.Features.Get<DashboardEndpointFeature>()?.Kind;
            var isOtlp = context.Request.Path.StartsWithSegments("/v1");
            if ((kind == DashboardEndpointKind.Otlp && !isOtlp) || (kind == DashboardEndpointKind.Frontend && isOtlp))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        return app;
    }

    /// <summary>An unexpected failure answers 500 in the error shape (details are logged, not sent).</summary>
    public static WebApplication UseJsonErrors(this WebApplication app)
    {
        app.UseExceptionHandler(errors => errors.Run(context =>
        {
            var failure = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsJsonAsync(
                new ErrorResponse("Internal error", failure?.GetType().Name), DashboardJson.Options, context.RequestAborted);
        }));
        return app;
    }

    /// <summary>The dashboard's own JS, CSS and SVG, embedded in the assembly and served under /assets (no login needed).</summary>
    public static WebApplication UseEmbeddedAssets(this WebApplication app)
    {
        var assembly = typeof(DashboardPipelineExtensions).Assembly;
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(assembly, $"{assembly.GetName().Name}.Assets"),
            RequestPath = "/assets",
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        return app;
    }
}

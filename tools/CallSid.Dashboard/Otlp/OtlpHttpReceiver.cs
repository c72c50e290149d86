using System.Security.Cryptography;
using System.Text;
using CallSid.Dashboard.Configuration;
using Google.Protobuf;
using Google.Rpc;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace CallSid.Dashboard.Otlp;

/// <summary>
/// OTLP/HTTP as the specification has it: protobuf or JSON bodies, optionally gzipped; the answer in the request's
/// encoding (an Export*ServiceResponse, with partial_success when something was dropped); every 4xx a
/// google.rpc.Status. 401 without the API key (in ApiKey mode), 415 for other encodings, 413 over the size limit,
/// 400 for a body that does not parse.
/// </summary>
public sealed class OtlpHttpReceiver(
    OtlpTraceIngest traces, OtlpLogIngest logs, OtlpMetricIngest metrics, IOptions<DashboardOptions> options, ILogger<OtlpHttpReceiver> logger)
{
    public const string ApiKeyHeader = "x-otlp-api-key";
    private const string ProtobufContentType = "application/x-protobuf";
    private const string JsonContentType = "application/json";

    // google.rpc.Code values.
    private const int InvalidArgument = 3;
    private const int ResourceExhausted = 8;
    private const int Unauthenticated = 16;

    private readonly byte[]? _apiKeyHash = options.Value.Otlp.AuthMode == OtlpAuthMode.ApiKey
        ? SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Otlp.PrimaryApiKey!))
        : null;

    private readonly int _maxBodySize = options.Value.Otlp.MaxRequestBodySize;

    public Task ReceiveTracesAsync(HttpContext context) =>
        ReceiveAsync<ExportTraceServiceRequest>(context, ExportTraceServiceRequest.Parser, traces.Add);

    public Task ReceiveLogsAsync(HttpContext context) =>
        ReceiveAsync<ExportLogsServiceRequest>(context, ExportLogsServiceRequest.Parser, logs.Add);

    public Task ReceiveMetricsAsync(HttpContext context) =>
        ReceiveAsync<ExportMetricsServiceRequest>(context, ExportMetricsServiceRequest.Parser, metrics.Add);

    private async Task ReceiveAsync<TRequest>(HttpContext context, MessageParser<TRequest> parser, Func<TRequest, IMessage> ingest)
        where TRequest : IMessage<TRequest>, new()
    {
        var json = IsJson(context.Request.ContentType);
        if (!IsAuthorized(context.Request))
        {
            await WriteStatusAsync(context, json, StatusCodes.Status401Unauthorized, Unauthenticated, $"A valid {ApiKeyHeader} header is required.");
            return;
        }

        if (!json && !IsProtobuf(context.Request.ContentType))
        {
            await WriteStatusAsync(context, json, StatusCodes.Status415UnsupportedMediaType, InvalidArgument,
                $"Content-Type must be {ProtobufContentType} or {JsonContentType}.");
            return;
        }

        var encoding = context.Request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            await WriteStatusAsync(context, json, StatusCodes.Status415UnsupportedMediaType, InvalidArgument, "Content-Encoding must be gzip or none.");
            return;
        }

        if (context.Request.ContentLength > _maxBodySize)
        {
            await WriteTooLargeAsync(context, json);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = _maxBodySize; // compressed bytes, for a chunked body
        }

        TRequest request;
        try
        {
            using var body = await OtlpRequestBody.ReadAsync(context.Request.Body, gzip, _maxBodySize, context.RequestAborted);
            if (body is null)
            {
                await WriteTooLargeAsync(context, json);
                return;
            }

            request = json ? OtlpJson.Parse<TRequest>(body.Span) : parser.ParseFrom(body.Span);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteTooLargeAsync(context, json);
            return;
        }
        catch (Exception unreadable) when (unreadable is InvalidProtocolBufferException or InvalidJsonException or System.Text.Json.JsonException
                                               or InvalidDataException or FormatException)
        {
            logger.LogDebug("Rejected an unreadable OTLP body on {Path}: {Problem}", context.Request.Path, unreadable.Message);
            await WriteStatusAsync(context, json, StatusCodes.Status400BadRequest, InvalidArgument, $"The body is not a valid OTLP export: {unreadable.Message}");
            return;
        }

        var response = ingest(request);
        await WriteMessageAsync(context, json, StatusCodes.Status200OK, response);
    }

    private bool IsAuthorized(HttpRequest request)
    {
        if (_apiKeyHash is null)
        {
            return true;
        }

        // Hashes have one length, so the comparison's time says nothing about the key's length or content.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(request.Headers[ApiKeyHeader].ToString()));
        return CryptographicOperations.FixedTimeEquals(presented, _apiKeyHash);
    }

    private static bool IsJson(string? contentType) => MediaTypeIs(contentType, JsonContentType);

    private static bool IsProtobuf(string? contentType) => MediaTypeIs(contentType, ProtobufContentType);

    private static bool MediaTypeIs(string? contentType, string expected) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType.Equals(expected, StringComparison.OrdinalIgnoreCase);

    private Task WriteTooLargeAsync(HttpContext context, bool json) =>
        WriteStatusAsync(context, json, StatusCodes.Status413PayloadTooLarge, ResourceExhausted,
            $"The export is larger than {_maxBodySize} bytes (decompressed); send smaller batches.");

    private static Task WriteStatusAsync(HttpContext context, bool json, int httpStatus, int code, string message) =>
        WriteMessageAsync(context, json, httpStatus, new Status { Code = code, Message = message });

    private static async Task WriteMessageAsync(HttpContext context, bool json, int httpStatus, IMessage message)
    {
        context.Response.StatusCode = httpStatus;
        if (json)
        {
            context.Response.ContentType = JsonContentType;
            await context.Response.WriteAsync(JsonFormatter.Default.Format(message), context.RequestAborted);
        }
        else
        {
            context.Response.ContentType = ProtobufContentType;
            await context.Response.Body.WriteAsync(message.ToByteArray(), context.RequestAborted);
        }
    }
}

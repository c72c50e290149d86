using System.Security.Cryptography;
using System.Text;
using CallSid.AppHost.Extensions;
using CallSid.AppHost.LocalPostgres;
using Microsoft.Extensions.Configuration;

namespace CallSid.AppHost;

/// <summary>The AppHost's own settings (<c>AppHost:*</c>), and the one-line refusals a local run gives instead of a stack trace.</summary>
public static class AppHostSettings
{
    /// <summary>Aspire's options, read before the builder exists: <c>AppHost:Dashboard:Enabled=false</c> runs without the dashboard.</summary>
    public static DistributedApplicationOptions Options(string[] args)
    {
        args = PublishArguments(args);
        var config = new ConfigurationBuilder().AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().AddCommandLine(args).Build();
        return new DistributedApplicationOptions { Args = args, DisableDashboard = !config.GetValue("AppHost:Dashboard:Enabled", true) };
    }

    /// <summary>
    /// <c>publish --publisher kubernetes|compose|manifest --output-path DIR</c> as Aspire takes it: no leading word, our
    /// publishers as pipeline steps, DIR from where the command was typed (the shell's <c>PWD</c>, not the project's).
    /// </summary>
    public static string[] PublishArguments(string[] args)
    {
        var list = args is ["publish", ..] ? args[1..].ToList() : args.ToList();
        string? ValueOf(string option) => list.IndexOf(option) is var i and >= 0 && i + 1 < list.Count ? list[i + 1] : null;
        if (ValueOf("--publisher") is PublishingBuilderExtensions.Kubernetes or PublishingBuilderExtensions.Compose && ValueOf("--step") is null)
        {
            list.AddRange(["--operation", "publish", "--step", PublishingBuilderExtensions.StepName(ValueOf("--publisher")!)]);
        }

        if (ValueOf("--output-path") is { } output && !Path.IsPathRooted(output) && Environment.GetEnvironmentVariable("PWD") is { Length: > 0 } pwd && Directory.Exists(pwd))
        {
            list[list.IndexOf("--output-path") + 1] = Path.GetFullPath(output, pwd);
        }

        return [.. list];
    }

    /// <summary>The port <c>AppHost:Ports:{name}</c> names; null when empty (a free one).</summary>
    public static int? Port(IConfiguration config, string name) =>
        int.TryParse(config[$"AppHost:Ports:{name}"], out var port) && port > 0 ? port : null;

    public static int Replicas(IConfiguration config, string service) => config.GetValue($"AppHost:Replicas:{service}", 1);

    /// <summary>
    /// <c>AppHost:DataDirectory</c>, else <c>CallSid.AppHost/.appdata</c>, unless the cluster's postgres user (as root)
    /// cannot enter it (a checkout under a private home): then <c>/var/tmp/callsid-{hash of the checkout}</c>.
    /// </summary>
    public static string DataDirectory(IDistributedApplicationBuilder builder)
    {
        if (builder.Configuration["AppHost:DataDirectory"] is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        var preferred = Path.Combine(builder.AppHostDirectory, ".appdata");
        if (OperatingSystem.IsWindows() || !LocalPostgresCluster.IsRoot || OthersCanEnter(preferred))
        {
            return preferred;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.AppHostDirectory)))[..8];
        return Path.Combine("/var/tmp", $"callsid-{hash}");
    }

    /// <summary>Why this run cannot start, in one line; null when it can.</summary>
    public static string? Refusal(IDistributedApplicationBuilder builder)
    {
        var config = builder.Configuration;
        if (builder.ExecutionContext.IsPublishMode)
        {
            var publisher = config["Publishing:Publisher"];
            var ours = publisher is PublishingBuilderExtensions.Kubernetes or PublishingBuilderExtensions.Compose;
            if (string.IsNullOrEmpty(config["Pipeline:Step"]) && publisher != "manifest" || ours && string.IsNullOrEmpty(config["Pipeline:OutputPath"]))
            {
                return "Usage: publish --publisher kubernetes|compose --output-path DIR" + (ours || string.IsNullOrEmpty(publisher) ? "" : $" ('{publisher}' is not a publisher)");
            }

            return string.IsNullOrEmpty(config["ElevenLabs:AgentId"]) || string.IsNullOrEmpty(config["ElevenLabs:AgentPhoneNumberId"])
                ? "Publishing needs the ElevenLabs agent: set ElevenLabs:AgentId and ElevenLabs:AgentPhoneNumberId (ElevenLabs__AgentId=... ElevenLabs__AgentPhoneNumberId=...)."
                : null;
        }

        if (!string.IsNullOrEmpty(config["ElevenLabs:ApiKey"])
            && (string.IsNullOrEmpty(config["Webhooks:TranscriptionToken"]) || string.IsNullOrEmpty(config["Webhooks:PostCallSecret"])))
        {
            return "With ElevenLabs:ApiKey set, also set Webhooks:TranscriptionToken and Webhooks:PostCallSecret to the values configured in ElevenLabs.";
        }

        var usesLocalPostgres = string.IsNullOrEmpty(config.GetConnectionString("callsdb"));
        if (usesLocalPostgres && !OperatingSystem.IsWindows() && LocalPostgresCluster.FindBinDirectory(config["AppHost:PostgresBinDirectory"]) is null)
        {
            return LocalPostgresBuilderExtensions.MissingBinariesMessage(config["AppHost:PostgresBinDirectory"]);
        }

        string[] ports = ["Edge", "Calls", "Transcripts", "Emulator", .. usesLocalPostgres ? ["Postgres"] : Array.Empty<string>(),
            .. config.GetValue("AppHost:Dashboard:Enabled", true) ? ["Dashboard", "DashboardOtlp"] : Array.Empty<string>()];
        var taken = ports.FirstOrDefault(name => Port(config, name) is { } port && !LoopbackPorts.IsFree(port));
        return taken is null ? null
            : $"Port {Port(config, taken)} (AppHost:Ports:{taken}) is already in use, perhaps by another run of CallSid; stop it or choose another port with AppHost__Ports__{taken}=<port>.";
    }

    private static bool OthersCanEnter(string path)
    {
        for (var dir = new DirectoryInfo(path).Parent; dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && !dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }
}

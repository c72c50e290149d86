using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using CallSid.Hosting.Processes;

namespace CallSid.AppHost.Hosting;

/// <summary>Where the AppHost keeps what must survive a restart (the PostgreSQL cluster), unless told otherwise.</summary>
public static class DataDirectory
{
    /// <summary>
    /// <c>CallSid.AppHost/.appdata</c>. As root the cluster runs as the <c>postgres</c> user, which cannot enter a
    /// checkout under a private home directory; then <c>/var/tmp/callsid-{hash of the checkout}</c>.
    /// </summary>
    public static string Default()
    {
        var project = typeof(DataDirectory).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "apphost:ProjectDirectory")?.Value ?? AppContext.BaseDirectory;
        var preferred = Path.Combine(project, ".appdata");
        if (!Posix.IsRoot || OthersCanEnter(preferred))
        {
            return preferred;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(project)))[..8];
        return Path.Combine("/var/tmp", $"callsid-{hash}");
    }

    private static bool OthersCanEnter(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        for (var dir = new DirectoryInfo(path).Parent; dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && !File.GetUnixFileMode(dir.FullName).HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }

        return true;
    }
}

using CallSid.Testing;

namespace CallSid.AppHost.Tests;

/// <summary>
/// The AppHost started on the data directory of an earlier run that was killed: its cluster, its password, and its
/// PostgreSQL server still running there.
/// </summary>
public sealed class LeftoverServerAppHost : AppHostFixture
{
    private const string EarlierPassword = "earlier-run-password";

    private PostgresServer? _leftover;

    public int LeftoverServerPid { get; private set; }

    protected override async Task BeforeStartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        var passwordFile = Path.Combine(DataDirectory, "postgres.password");
        await File.WriteAllTextAsync(passwordFile, EarlierPassword, cancellationToken);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _leftover = await PostgresServer.StartAsync(new PostgresServerOptions
        {
            DataDirectory = Path.Combine(DataDirectory, "postgres"),
            Port = PortAllocator.GetFreePort(),
            Password = EarlierPassword,
            Durable = false,
        }, cancellationToken);
        LeftoverServerPid = ProcessTree.Descendants(Environment.ProcessId).Single(p => p.CommandLine.Contains(_leftover.DataDirectory, StringComparison.Ordinal)).Pid;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_leftover is not null)
        {
            await _leftover.DisposeAsync();
        }
    }
}

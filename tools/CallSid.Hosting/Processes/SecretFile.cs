namespace CallSid.Hosting.Processes;

/// <summary>Files that hold a secret: created readable by their owner only from the first byte, never overwritten.</summary>
public static class SecretFile
{
    public static async Task WriteAsync(string path, string secret, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(secret.AsMemory(), cancellationToken);
    }
}

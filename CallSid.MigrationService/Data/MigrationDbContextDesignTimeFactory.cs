using Microsoft.EntityFrameworkCore.Design;

namespace CallSid.MigrationService.Data;

/// <summary>Lets <c>dotnet ef</c> build the model (for the snapshot) without a running host.</summary>
public sealed class MigrationDbContextDesignTimeFactory : IDesignTimeDbContextFactory<MigrationDbContext>
{
    public MigrationDbContext CreateDbContext(string[] args) =>
        MigrationDbContext.Create("Host=localhost;Database=callsdb;Username=postgres");
}

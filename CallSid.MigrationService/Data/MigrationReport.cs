using CallSid.MigrationService.Migrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CallSid.MigrationService.Data;

public sealed record MigrationReport(DatabaseShapeKind Found, IReadOnlyList<string> Applied, IReadOnlyList<string> Reverted, string? Current);

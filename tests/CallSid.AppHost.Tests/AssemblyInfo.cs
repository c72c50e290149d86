using System.Runtime.Versioning;
using CallSid.Testing;

[assembly: AssemblyFixture(typeof(PostgresClusterFixture))]
// The AppHost's local PostgreSQL and the process tests run on Linux (the dev loop and CI).
[assembly: SupportedOSPlatform("linux")]

using CallSid.Testing;

[assembly: AssemblyFixture(typeof(PostgresClusterFixture))]

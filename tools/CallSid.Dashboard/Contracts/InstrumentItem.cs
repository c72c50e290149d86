namespace CallSid.Dashboard.Contracts;

/// <summary><c>type</c>: counter, updown_counter, gauge or histogram; <c>temporality</c>: cumulative or delta.</summary>
public sealed record InstrumentItem(
    string Name, string Scope, string Description, string Unit, string Type, string Temporality, IReadOnlyList<string> Resources, int SeriesCount, int PointCount);

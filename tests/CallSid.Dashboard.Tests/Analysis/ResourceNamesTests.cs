using CallSid.Dashboard.Telemetry;

namespace CallSid.Dashboard.Tests.Analysis;

public sealed class ResourceNamesTests
{
    [Fact]
    public void A_single_instance_is_its_service_name_and_replicas_get_an_instance_suffix()
    {
        var calls = new TelemetryResource("calls", "0d3f99aa", []);
        var first = new TelemetryResource("transcripts", "9f2c41d0-1111", []);
        var second = new TelemetryResource("transcripts", "51be07c2-2222", []);
        var named = new TelemetryResource("transcripts", "transcripts-1", []);
        var names = ResourceNames.Assign([calls, first, second, named], []);
        Assert.Equal("calls", names[calls]);
        Assert.Equal("transcripts-9f2c41", names[first]);
        Assert.Equal("transcripts-51be07", names[second]);
        Assert.Equal("transcripts-1", names[named]);
    }

    [Fact]
    public void The_resource_services_names_win_matched_by_instance_id_then_display_name()
    {
        var replica = new TelemetryResource("transcripts", "abc", []);
        var edge = new TelemetryResource("edge", "whatever", []);
        var names = ResourceNames.Assign([replica, edge], [new KnownResource("transcripts-0", "transcripts", "abc"), new KnownResource("edge", "edge", null)]);
        Assert.Equal("transcripts-0", names[replica]);
        Assert.Equal("edge", names[edge]);
    }
}

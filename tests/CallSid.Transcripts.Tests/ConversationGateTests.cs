using CallSid.Transcripts.Services;

namespace CallSid.Transcripts.Tests;

/// <summary>One conversation's turns pass one at a time; other conversations are not held up; a cancelled wait leaves nothing behind.</summary>
public sealed class ConversationGateTests
{
    [Fact]
    public async Task A_second_turn_of_the_same_conversation_waits_for_the_first_while_another_conversation_passes()
    {
        var gate = new ConversationGate();
        var first = await gate.EnterAsync("conv_a", TestContext.Current.CancellationToken);

        var second = gate.EnterAsync("conv_a", TestContext.Current.CancellationToken);
        using (await gate.EnterAsync("conv_b", TestContext.Current.CancellationToken))
        {
            Assert.False(second.IsCompleted);
        }

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Dispose();
    }

    [Fact]
    public async Task A_wait_cancelled_by_its_deadline_throws_and_does_not_block_later_turns()
    {
        var gate = new ConversationGate();
        var held = await gate.EnterAsync("conv_c", TestContext.Current.CancellationToken);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.EnterAsync("conv_c", deadline.Token));

        held.Dispose();
        (await gate.EnterAsync("conv_c", TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Dispose();
    }
}

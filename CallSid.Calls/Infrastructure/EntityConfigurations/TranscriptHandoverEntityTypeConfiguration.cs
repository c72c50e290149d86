using CallSid.Calls.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallSid.Calls.Infrastructure.EntityConfigurations;

/// <summary>The <c>transcript_handovers</c> outbox: Calls' own table, next to <c>calls</c>.</summary>
public sealed class TranscriptHandoverEntityTypeConfiguration : IEntityTypeConfiguration<TranscriptHandover>
{
    public void Configure(EntityTypeBuilder<TranscriptHandover> builder)
    {
        builder.ToTable("transcript_handovers");

        builder.HasKey(h => h.Id).HasName("transcript_handovers_pkey");
        builder.Property(h => h.Id).HasColumnName("id");
        builder.Property(h => h.CallSid).HasColumnName("call_sid").HasMaxLength(255);
        builder.Property(h => h.ConversationId).HasColumnName("conversation_id").HasMaxLength(255);
        builder.Property(h => h.Payload).HasColumnName("payload").HasColumnType("jsonb");
        builder.Property(h => h.TraceParent).HasColumnName("trace_parent").HasMaxLength(55);
        builder.Property(h => h.Attempts).HasColumnName("attempts");
        builder.Property(h => h.NextAttemptAt).HasColumnName("next_attempt_at");
        builder.Property(h => h.LastAttemptAt).HasColumnName("last_attempt_at");
        builder.Property(h => h.LastError).HasColumnName("last_error").HasMaxLength(TranscriptHandover.MaxErrorLength);
        builder.Property(h => h.CreatedAt).HasColumnName("created_at");

        // The dispatcher's claim: due rows, oldest first.
        builder.HasIndex(h => h.NextAttemptAt, "idx_transcript_handovers_next_attempt_at");
    }
}

using CallSid.ServiceDefaults.Database;
using CallSid.Transcripts.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallSid.Transcripts.Infrastructure.EntityConfigurations;

/// <summary>
/// The <c>call_transcriptions</c> table. Its foreign key to <c>calls.conversation_id</c> is created by the
/// migration chain only: the Calls table belongs to another service, so this model does not map it.
/// </summary>
public sealed class CallTranscriptionEntityTypeConfiguration : IEntityTypeConfiguration<CallTranscription>
{
    public void Configure(EntityTypeBuilder<CallTranscription> builder)
    {
        builder.ToTable("call_transcriptions");

        builder.HasKey(t => t.Id).HasName("call_transcriptions_pkey");
        builder.Property(t => t.Id).HasColumnName("id").UseSerialColumn();
        builder.Property(t => t.ConversationId).HasColumnName("conversation_id").HasMaxLength(255);
        builder.Property(t => t.SpeakerType).HasColumnName("speaker_type").HasMaxLength(20)
            .HasConversion<SnakeCaseEnumConverter<SpeakerType>>();
        builder.Property(t => t.MessageText).HasColumnName("message_text").HasColumnType("text");
        builder.Property(t => t.Timestamp).HasColumnName("timestamp");
        builder.Property(t => t.SequenceNumber).HasColumnName("sequence_number");
        builder.Property(t => t.CreatedAt).HasColumnName("created_at");

        // Sequence numbers are unique per conversation; allocation relies on it under concurrency.
        builder.HasAlternateKey(t => new { t.ConversationId, t.SequenceNumber }).HasName("uq_call_transcriptions_conversation_seq");
        builder.HasIndex(t => t.ConversationId, "idx_call_transcriptions_conversation_id");
        builder.HasIndex(t => t.SequenceNumber, "idx_call_transcriptions_sequence_number");
        builder.HasIndex(t => new { t.ConversationId, t.SequenceNumber }, "idx_call_transcriptions_conversation_seq");
    }
}

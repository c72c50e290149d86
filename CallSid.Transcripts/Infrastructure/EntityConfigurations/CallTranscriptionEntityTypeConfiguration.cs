using CallSid.Conventions.Database;
using CallSid.Transcripts.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallSid.Transcripts.Infrastructure.EntityConfigurations;

/// <summary>
/// The <c>call_transcriptions</c> table. Its foreign key to <c>calls.conversation_id</c> is created by the
/// migration chain only: the Calls table belongs to another service, so this model does not map it. The same goes
/// for the default of <c>source</c>.
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
        // The database also has DEFAULT 'webhook' (set by the migration step, for rows and writers older than the column);
        // the model leaves it out, so EF always writes the value it has rather than guessing from the enum's default.
        builder.Property(t => t.Source).HasColumnName("source").HasMaxLength(20)
            .HasConversion<SnakeCaseEnumConverter<TranscriptSource>>();
        builder.Property(t => t.WebhookTimestamp).HasColumnName("webhook_timestamp");

        // Sequence numbers are unique per conversation; allocation relies on it under concurrency.
        builder.HasAlternateKey(t => new { t.ConversationId, t.SequenceNumber }).HasName("uq_call_transcriptions_conversation_seq");
        builder.HasIndex(t => t.ConversationId, "idx_call_transcriptions_conversation_id");
        builder.HasIndex(t => t.SequenceNumber, "idx_call_transcriptions_sequence_number");
        builder.HasIndex(t => new { t.ConversationId, t.SequenceNumber }, "idx_call_transcriptions_conversation_seq");
    }
}

using CallSid.Calls.Model;
using CallSid.Conventions.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallSid.Calls.Infrastructure.EntityConfigurations;

/// <summary>The <c>calls</c> table. Names follow the old Python schema so a migrated database and a new one match.</summary>
public sealed class CallEntityTypeConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> builder)
    {
        builder.ToTable("calls");

        builder.HasKey(c => c.Id).HasName("calls_pkey");
        builder.Property(c => c.Id).HasColumnName("id").UseSerialColumn();
        builder.Property(c => c.CallSid).HasColumnName("call_sid").HasMaxLength(255);
        builder.Property(c => c.ConversationId).HasColumnName("conversation_id").HasMaxLength(255);
        builder.Property(c => c.DriverId).HasColumnName("driver_id");
        builder.Property(c => c.CallStartTime).HasColumnName("call_start_time");
        builder.Property(c => c.CallEndTime).HasColumnName("call_end_time");
        builder.Property(c => c.Status).HasColumnName("status").HasMaxLength(20)
            .HasConversion<SnakeCaseEnumConverter<CallStatus>>();
        builder.Property(c => c.CreatedAt).HasColumnName("created_at");
        builder.Property(c => c.UpdatedAt).HasColumnName("updated_at");
        builder.Property(c => c.FailureReason).HasColumnName("failure_reason").HasMaxLength(Call.MaxFailureReasonLength);
        builder.Property(c => c.TwilioCallSid).HasColumnName("twilio_call_sid").HasMaxLength(255);
        builder.Property(c => c.TerminationReason).HasColumnName("termination_reason").HasMaxLength(Call.MaxTerminationReasonLength);
        builder.Property(c => c.CallSuccessful).HasColumnName("call_successful").HasMaxLength(Call.MaxCallSuccessfulLength);
        builder.Property(c => c.Summary).HasColumnName("summary").HasColumnType("text");
        builder.Property(c => c.DataCollectionResults).HasColumnName("data_collection_results").HasColumnType("jsonb");
        builder.Property(c => c.Attempt).HasColumnName("attempt");
        builder.Property(c => c.FirstCallSid).HasColumnName("first_call_sid").HasMaxLength(255);

        builder.HasAlternateKey(c => c.CallSid).HasName("uq_calls_call_sid");
        builder.HasIndex(c => c.CallSid, "idx_calls_call_sid");
        builder.HasIndex(c => new { c.CallSid, c.Status }, "idx_calls_call_sid_status");
        builder.HasIndex(c => c.ConversationId, "idx_calls_conversation_id");
        // A unique constraint in the database (call_transcriptions references it); EF Core cannot model a
        // nullable alternate key, so the model knows it as the unique index the constraint is backed by.
        builder.HasIndex(c => c.ConversationId, "uq_calls_conversation_id").IsUnique();
        // One record per attempt: a redial decided twice (a retried event, two replicas) cannot make a second one.
        builder.HasIndex(c => new { c.FirstCallSid, c.Attempt }, "uq_calls_first_call_sid_attempt").IsUnique();
        // The capacity check counts live calls; the queue is read by status.
        builder.HasIndex(c => c.Status, "idx_calls_status");
    }
}

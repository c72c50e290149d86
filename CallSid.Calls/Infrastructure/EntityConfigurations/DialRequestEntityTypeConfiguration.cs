using CallSid.Calls.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallSid.Calls.Infrastructure.EntityConfigurations;

/// <summary>The <c>dial_requests</c> queue: Calls' own table, one row per queued or live call.</summary>
public sealed class DialRequestEntityTypeConfiguration : IEntityTypeConfiguration<DialRequest>
{
    public void Configure(EntityTypeBuilder<DialRequest> builder)
    {
        builder.ToTable("dial_requests");

        builder.HasKey(d => d.CallSid).HasName("dial_requests_pkey");
        builder.Property(d => d.CallSid).HasColumnName("call_sid").HasMaxLength(255);
        builder.Property(d => d.Request).HasColumnName("request").HasColumnType("jsonb");
        builder.Property(d => d.DialAfter).HasColumnName("dial_after");
        builder.Property(d => d.Throttled).HasColumnName("throttled");
        builder.Property(d => d.CreatedAt).HasColumnName("created_at");

        // A row lives only as long as its call is queued or live; deleting a call takes its request with it.
        builder.HasOne<Call>().WithOne().HasForeignKey<DialRequest>(d => d.CallSid).HasPrincipalKey<Call>(c => c.CallSid)
            .HasConstraintName("fk_dial_requests_calls_call_sid").OnDelete(DeleteBehavior.Cascade);

        // The dispatcher's claim: due rows, oldest first.
        builder.HasIndex(d => d.DialAfter, "idx_dial_requests_dial_after");
    }
}

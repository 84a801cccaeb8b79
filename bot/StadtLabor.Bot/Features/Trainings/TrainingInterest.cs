using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>"Tell me when there is a session for this tool": answered once, when the next session is published.</summary>
public sealed class TrainingInterest
{
    public long Id { get; set; }
    public long ToolId { get; set; }
    public required string UserAadObjectId { get; set; }
    public string TenantId { get; set; } = "";
    public string Lang { get; set; } = "de";
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Set when the notification was enqueued; the person is not told again for this interest.</summary>
    public DateTime? NotifiedAtUtc { get; set; }
    public long? NotifiedSessionId { get; set; }
}

public static class TrainingInterestTable
{
    public static DbSet<TrainingInterest> TrainingInterests(this LabDbContext db) => db.Set<TrainingInterest>();
}

internal sealed class TrainingInterestConfiguration : IEntityTypeConfiguration<TrainingInterest>
{
    public void Configure(EntityTypeBuilder<TrainingInterest> e)
    {
        e.ToTable("training_interests");
        e.HasIndex(i => new { i.ToolId, i.UserAadObjectId }).IsUnique();
        e.HasOne<TrainingTool>().WithMany().HasForeignKey(i => i.ToolId).OnDelete(DeleteBehavior.Cascade);
        e.Property(i => i.UserAadObjectId).HasMaxLength(64);
        e.Property(i => i.TenantId).HasMaxLength(64);
        e.Property(i => i.Lang).HasMaxLength(8);
    }
}

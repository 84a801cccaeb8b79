using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings;

/// <summary>
/// A tool the lab team trains people in (Miro, Trello, Stackfield, Scrum, ...). Sessions belong to a tool, people
/// filter by it and can ask to be told when the next session for it is published.
/// </summary>
public sealed class TrainingTool
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}

public static class TrainingToolTable
{
    public static DbSet<TrainingTool> TrainingTools(this LabDbContext db) => db.Set<TrainingTool>();
}

internal sealed class TrainingToolConfiguration : IEntityTypeConfiguration<TrainingTool>
{
    public void Configure(EntityTypeBuilder<TrainingTool> e)
    {
        e.ToTable("training_tools");
        e.HasIndex(t => t.Name).IsUnique();
        e.Property(t => t.Name).HasMaxLength(TrainingLimits.ToolName);
        e.Property(t => t.Description).HasMaxLength(TrainingLimits.Description);
    }
}

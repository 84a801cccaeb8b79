using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>
/// "Das ist meine Idee auch": one support per person and idea (the unique index settles a triple click), revocable
/// (the row is deleted). Supporters hear of every status change and public answer, like the authors; nobody else
/// sees who supports an idea, only how many.
/// </summary>
public sealed class IdeaSupport
{
    public long Id { get; set; }
    public long IdeaId { get; set; }
    public required string UserAadObjectId { get; set; }
    public string TenantId { get; set; } = "";
    public string Lang { get; set; } = "de";
    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class IdeaSupportConfiguration : IEntityTypeConfiguration<IdeaSupport>
{
    public void Configure(EntityTypeBuilder<IdeaSupport> e)
    {
        e.ToTable("idea_supports");
        e.HasIndex(s => new { s.IdeaId, s.UserAadObjectId }).IsUnique();
        e.HasIndex(s => s.UserAadObjectId);
        e.HasOne<Idea>().WithMany().HasForeignKey(s => s.IdeaId).OnDelete(DeleteBehavior.Cascade);
        e.Property(s => s.UserAadObjectId).HasMaxLength(64);
        e.Property(s => s.TenantId).HasMaxLength(64);
        e.Property(s => s.Lang).HasMaxLength(8);
    }
}

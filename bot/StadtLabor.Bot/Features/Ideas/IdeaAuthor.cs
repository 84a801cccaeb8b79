using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>
/// Who submitted an idea, kept apart from it. An idea has one author at intake; merging another idea into it carries
/// that idea's authors over (they are told, and hear of every later change). For an anonymous author the row is used
/// only to send them status messages and to show them their own ideas: the name is not stored at all, and no card,
/// export, log or page for anyone else reads this table for such a row.
/// </summary>
public sealed class IdeaAuthor
{
    public long Id { get; set; }
    public long IdeaId { get; set; }
    public required string UserAadObjectId { get; set; }
    public string TenantId { get; set; } = "";

    /// <summary>Empty for an anonymous author: what is not stored cannot leak.</summary>
    public string Name { get; set; } = "";

    public bool Anonymous { get; set; }

    /// <summary>The language status messages are written in (the person's choice when they submitted).</summary>
    public string Lang { get; set; } = "de";

    /// <summary>The idea this author submitted originally, when they came with a merge (else their own idea's id).</summary>
    public long OriginalIdeaId { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

internal sealed class IdeaAuthorConfiguration : IEntityTypeConfiguration<IdeaAuthor>
{
    public void Configure(EntityTypeBuilder<IdeaAuthor> e)
    {
        e.ToTable("idea_authors");
        e.HasIndex(a => new { a.IdeaId, a.UserAadObjectId }).IsUnique();
        e.HasIndex(a => a.UserAadObjectId);
        e.HasOne<Idea>().WithMany().HasForeignKey(a => a.IdeaId).OnDelete(DeleteBehavior.Cascade);
        e.Property(a => a.UserAadObjectId).HasMaxLength(64);
        e.Property(a => a.TenantId).HasMaxLength(64);
        e.Property(a => a.Name).HasMaxLength(IdeaLimits.Name);
        e.Property(a => a.Lang).HasMaxLength(8);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Ideas;

/// <summary>
/// The Lotsen an idea can be assigned to, by name. Role assignments hold object ids (or, later, Entra groups) but no
/// names, so a Lotse is listed once they have used a Lotsen card (their role checked by the router, their name as Teams
/// sent it). A Lotse who lost the role is not offered (the role is checked again when they act).
/// </summary>
public sealed class IdeaLotse
{
    public long Id { get; set; }
    public required string UserAadObjectId { get; set; }
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public DateTime LastSeenAtUtc { get; set; }
}

internal sealed class IdeaLotseConfiguration : IEntityTypeConfiguration<IdeaLotse>
{
    public void Configure(EntityTypeBuilder<IdeaLotse> e)
    {
        e.ToTable("idea_lotsen");
        e.HasIndex(l => l.UserAadObjectId).IsUnique();
        e.Property(l => l.UserAadObjectId).HasMaxLength(64);
        e.Property(l => l.TenantId).HasMaxLength(64);
        e.Property(l => l.Name).HasMaxLength(IdeaLimits.Name);
    }
}

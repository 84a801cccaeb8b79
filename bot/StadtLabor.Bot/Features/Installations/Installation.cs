using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StadtLabor.Bot.Features.Installations;

/// <summary>
/// Where the app is installed: a personal chat, a group chat or a team. Proactive messages need this reference,
/// and Teams gives it to us only when someone talks to us or installs the app.
/// </summary>
public sealed class Installation
{
    public long Id { get; set; }
    public required string ConversationId { get; set; }
    public required string ServiceUrl { get; set; }
    public required string TenantId { get; set; }
    public required string ConversationType { get; set; }
    public string? BotId { get; set; }

    /// <summary>Personal scope only: the Teams user id (for the connector) and the Entra object id (who it is).</summary>
    public string? UserId { get; set; }
    public string? UserAadObjectId { get; set; }

    /// <summary>Team scope only.</summary>
    public string? TeamId { get; set; }

    public bool Active { get; set; }
    public DateTime InstalledAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
}

public static class InstallationTable
{
    public static DbSet<Installation> Installations(this StadtLabor.Bot.Data.LabDbContext db) => db.Set<Installation>();
}

internal sealed class InstallationConfiguration : IEntityTypeConfiguration<Installation>
{
    public void Configure(EntityTypeBuilder<Installation> e)
    {
        e.ToTable("installations");
        e.HasIndex(i => i.ConversationId).IsUnique();
        e.HasIndex(i => i.UserAadObjectId);
        e.Property(i => i.ConversationId).HasMaxLength(512);
        e.Property(i => i.ServiceUrl).HasMaxLength(512);
        e.Property(i => i.TenantId).HasMaxLength(64);
        e.Property(i => i.ConversationType).HasMaxLength(32);
        e.Property(i => i.BotId).HasMaxLength(256);
        e.Property(i => i.UserId).HasMaxLength(256);
        e.Property(i => i.UserAadObjectId).HasMaxLength(64);
        e.Property(i => i.TeamId).HasMaxLength(256);
    }
}

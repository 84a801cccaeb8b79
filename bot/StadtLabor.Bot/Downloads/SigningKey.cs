using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Downloads;

/// <summary>
/// A secret the bot made itself, kept in the database so every instance uses the same one and it survives a
/// restart (e.g. the key that signs expiring download links). Configuration can override it.
/// </summary>
public sealed class SigningKey
{
    public required string Name { get; set; }
    public required string KeyBase64 { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}

public static class SigningKeyTable
{
    public static DbSet<SigningKey> SigningKeys(this LabDbContext db) => db.Set<SigningKey>();
}

internal sealed class SigningKeyConfiguration : IEntityTypeConfiguration<SigningKey>
{
    public void Configure(EntityTypeBuilder<SigningKey> e)
    {
        e.ToTable("signing_keys");
        e.HasKey(k => k.Name);
        e.Property(k => k.Name).HasMaxLength(64);
        e.Property(k => k.KeyBase64).HasMaxLength(200);
    }
}

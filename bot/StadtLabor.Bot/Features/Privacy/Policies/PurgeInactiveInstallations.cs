using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Installations;

namespace StadtLabor.Bot.Features.Privacy.Policies;

/// <summary>
/// An uninstalled (or blocked) conversation keeps its row for a while, so a re-install is recognised and nothing
/// is sent there; after that it is only a record of who once used the bot. Active installations are never purged.
/// Belongs to Installations; lives here until that feature's files are free to change.
/// </summary>
public sealed class PurgeInactiveInstallations(LabDbContext db) : IRetentionPolicy
{
    public string Kind => "InactiveInstallations";

    public int DefaultDays => 180;

    public Task<int> PurgeAsync(DateTime cutoffUtc, CancellationToken ct) =>
        db.Installations().Where(i => !i.Active && i.UpdatedAtUtc < cutoffUtc).ExecuteDeleteAsync(ct);
}

using Microsoft.EntityFrameworkCore;
using StadtLabor.Bot.Data;

namespace StadtLabor.Bot.Features.Trainings.Admin;

/// <summary>The tool of a session form, shared by create and edit.</summary>
internal static class SessionFormTool
{
    /// <summary>A typed new name wins over the chosen tool (it was typed on purpose): found ignoring case, or created. Otherwise the chosen tool if it still exists; null when it is gone.</summary>
    public static async Task<long?> FindOrCreateAsync(LabDbContext db, SessionValues values, DateTime now, CancellationToken ct)
    {
        if (values.NewTool.Length == 0 && values.ToolId is { } id) return await db.TrainingTools().AnyAsync(t => t.Id == id, ct) ? id : null;
        if (values.NewTool.Length == 0) return null;
        for (var attempt = 0; ; attempt++)
        {
            // A handful of tools: compared here, so "miro" finds "Miro" the same way on SQLite and PostgreSQL.
            var tools = await db.TrainingTools().AsNoTracking().Select(t => new { t.Id, t.Name }).ToListAsync(ct);
            var existing = tools.FirstOrDefault(t => string.Equals(t.Name, values.NewTool, StringComparison.OrdinalIgnoreCase));
            if (existing is not null) return existing.Id;
            var tool = new TrainingTool { Name = values.NewTool, CreatedAtUtc = now };
            db.TrainingTools().Add(tool);
            try
            {
                await db.SaveChangesAsync(ct);
                return tool.Id;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // The same submit at the same moment created it (unique name): use that one.
                db.ChangeTracker.Clear();
            }
        }
    }
}

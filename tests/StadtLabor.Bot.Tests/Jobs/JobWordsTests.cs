using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Cards;
using StadtLabor.Bot.Hosting;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Tests.Jobs;

/// <summary>
/// The lab team's "postausgang" card lists every scheduled job by what it does ("Erinnerungen an Schulungen"), not by
/// its configuration name ("TrainingReminders"): no settings keys on a card (cards/README.md). A new job (digests,
/// lending reminders) fails here until it has its words in both languages.
/// </summary>
public sealed class JobWordsTests
{
    [Fact]
    public async Task EveryJobOfTheApp_HasWordsInBothLanguages()
    {
        var file = Path.Combine(Path.GetTempPath(), $"stadtlabor-jobwords-{Guid.NewGuid():N}.db");
        try
        {
            await using var app = LabApp.Build(["--environment=Development", "--urls=http://127.0.0.1:0"], Program.Features,
                b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Lab"] = "Data Source=" + file }));
            var jobs = app.Services.GetRequiredService<JobCatalog>().Jobs;
            var words = new Strings();

            Assert.NotEmpty(jobs);
            var missing = jobs.SelectMany(j => Strings.Languages.Where(lang => !words.Has(lang, $"outbox.jobs.{j.Name}")).Select(lang => $"{j.Name} ({lang})")).ToList();
            Assert.True(missing.Count == 0, "jobs without words under outbox.jobs: " + string.Join(", ", missing));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}

using StadtLabor.Bot.Features.Digests;
using StadtLabor.Bot.Features.Ideas;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.Menu;
using StadtLabor.Bot.Features.OutboxAdmin;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Settings;
using StadtLabor.Bot.Features.Surveys;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Hosting;

var app = LabApp.Build(args, Program.Features);
await app.MigrateAndRunAsync();

public partial class Program
{
    /// <summary>Every feature of the bot. Add a module here and it is wired: services, verbs, commands, pages.</summary>
    public static IReadOnlyList<IFeatureModule> Features { get; } =
    [
        new InstallationsModule(),
        new MenuModule(),
        new TrainingsModule(),
        new LendingModule(),
        new IdeasModule(),
        new SurveysModule(),
        new PrivacyModule(),
        new OutboxAdminModule(),
        new SettingsModule(),
        new DigestsModule(),
    ];
}

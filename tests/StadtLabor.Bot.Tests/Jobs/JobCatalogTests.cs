using StadtLabor.Bot.Hosting;
using StadtLabor.Jobs;

namespace StadtLabor.Bot.Tests.Jobs;

public sealed class JobCatalogTests
{
    private sealed class Digest : ILabJob
    {
        public Task RunAsync(JobPeriod period, CancellationToken ct) => Task.CompletedTask;
    }

    private static JobCatalog Catalog() => new JobCatalog().Add<Digest>("Digest", "0 0 7 ? * MON-FRI", JobPeriodKind.Day, skipHolidays: true);

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void Add_SameNameTwice_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Catalog().Add<Digest>("digest", "0 0 8 * * ?", JobPeriodKind.Day));
        Assert.Contains("'digest' is registered twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Daily Digest", "0 0 7 * * ?")]
    [InlineData("Digest2", "0 7 * * *")] // five-field Unix cron: Quartz wants seconds first
    public void Add_BadNameOrCron_Throws(string name, string cron) =>
        Assert.Throws<ArgumentException>(() => new JobCatalog().Add<Digest>(name, cron, JobPeriodKind.Day));

    [Fact]
    public void Resolve_NoConfiguration_FeatureDefaults()
    {
        var schedule = Assert.Single(JobSchedules.Resolve(Catalog(), Settings()));

        Assert.Equal("0 0 7 ? * MON-FRI", schedule.Cron);
        Assert.True(schedule.Enabled);
    }

    [Fact]
    public void Resolve_Overrides_CronAndEnabledFromConfiguration()
    {
        var schedule = Assert.Single(JobSchedules.Resolve(Catalog(), Settings(("Jobs:Digest:Cron", "0 30 6 ? * MON-FRI"), ("Jobs:Digest:Enabled", "false"))));

        Assert.Equal("0 30 6 ? * MON-FRI", schedule.Cron);
        Assert.False(schedule.Enabled);
    }

    [Fact]
    public void Resolve_WrongValues_MessageNamesEachKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            JobSchedules.Resolve(Catalog(), Settings(("Jobs:Digest:Cron", "jeden Morgen"), ("Jobs:Digest:Enabled", "ja"))));

        Assert.Contains("Jobs:Digest:Cron 'jeden Morgen'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Jobs:Digest:Enabled 'ja'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_StoredTriggerFromAnotherCron_IsReplaced()
    {
        var schedule = Assert.Single(JobSchedules.Resolve(Catalog(), Settings()));
        var stored = JobSchedules.BuildTrigger(schedule);

        Assert.True(JobSchedules.Matches(stored, schedule));
        Assert.False(JobSchedules.Matches(stored, schedule with { Cron = "0 0 8 ? * MON-FRI" }));
        Assert.False(JobSchedules.Matches(stored, schedule with { Job = schedule.Job with { SkipHolidays = false } }));
    }

    [Fact]
    public void Build_PurgeCronWrongInConfiguration_StartStopsNamingTheKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LabApp.Build(["--environment=Production"], Program.Features,
            b => b.Configuration.AddInMemoryCollection([KeyValuePair.Create("Jobs:JobRunsPurge:Cron", (string?)"täglich")])));

        Assert.Contains("Jobs:JobRunsPurge:Cron", error.Message, StringComparison.Ordinal);
    }
}

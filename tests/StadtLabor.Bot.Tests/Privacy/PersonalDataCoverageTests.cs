using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StadtLabor.Bot.Data;
using StadtLabor.Bot.Features.Installations;
using StadtLabor.Bot.Features.Lending;
using StadtLabor.Bot.Features.OutboxAdmin;
using StadtLabor.Bot.Features.Privacy;
using StadtLabor.Bot.Features.Trainings;
using StadtLabor.Bot.Hosting;
using StadtLabor.Bot.Outbox;

namespace StadtLabor.Bot.Tests.Privacy;

/// <summary>
/// "meine daten" must not miss a table: every entity of the model with a column that holds a person (PersonColumns)
/// is covered by a registered IPersonalData. A later feature that adds such a table without its implementation fails here.
/// </summary>
public sealed class PersonalDataCoverageTests
{
    private sealed class Loan
    {
        public long Id { get; set; }
        public string BorrowerAadObjectId { get; set; } = "";
        public string ContactEmail { get; set; } = "";
    }

    private sealed class Device
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string ClaimedBy { get; set; } = "";
    }

    /// <summary>A model of a feature that does not exist (lending), only to show the check can fail.</summary>
    private sealed class FakeLendingContext : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSqlite("Data Source=:memory:");

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Loan>();
            modelBuilder.Entity<Device>();
        }
    }

    private static async Task<T> WithAppAsync<T>(Func<IServiceProvider, T> read)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:DangerouslyAllowAnonymous"] = "false",
            ["ConnectionStrings:Lab"] = "Data Source=" + Path.Combine(Path.GetTempPath(), $"stadtlabor-coverage-{Guid.NewGuid():N}.db"),
        };
        // Built, not started: the model and the registrations are all this needs, no database is opened.
        await using var app = LabApp.Build(["--environment=Development", "--urls=http://127.0.0.1:0"], Program.Features,
            b => b.Configuration.AddInMemoryCollection(settings));
        using var scope = app.Services.CreateScope();
        return read(scope.ServiceProvider);
    }

    [Fact]
    public void Uncovered_FakeModelWithBorrowerColumn_NamesTheTableUntilCovered()
    {
        using var db = new FakeLendingContext();

        var uncovered = PersonColumns.Uncovered(db.Model, []);
        var covered = PersonColumns.Uncovered(db.Model, [typeof(Loan)]);

        // Device.ClaimedBy is an instance name, not a person: only Loan counts.
        Assert.Equal(["Loan (BorrowerAadObjectId, ContactEmail)"], uncovered);
        Assert.Empty(covered);
    }

    [Theory]
    [InlineData("UserAadObjectId", true)]
    [InlineData("CreatedByAadObjectId", true)]
    [InlineData("UserId", true)]
    [InlineData("UserName", true)]
    [InlineData("ReviewerUpn", true)]
    [InlineData("ContactEmail", true)]
    [InlineData("Title", false)]
    [InlineData("ClaimedBy", false)]
    [InlineData("TenantId", false)]
    public void HoldsPerson_ColumnName_Decides(string column, bool expected) =>
        Assert.Equal(expected, PersonColumns.HoldsPerson(column));

    [Fact]
    public async Task PersonTables_RealModel_AreTheKnownOnes()
    {
        var tables = await WithAppAsync(s => PersonColumns.In(s.GetRequiredService<LabDbContext>().Model).Select(e => e.Entity).ToHashSet());

        // Named here so a detector that finds nothing cannot pass the coverage test below.
        Assert.Superset(new HashSet<Type>
        {
            typeof(Installation), typeof(OutboxMessage), typeof(Registration), typeof(TrainingInterest), typeof(TrainingSession),
            typeof(LendingReservation), typeof(LendingWatch), typeof(LendingItem), typeof(MaintenanceBlock),
        }, tables);
        Assert.DoesNotContain(typeof(StadtLabor.Bot.Features.Trainings.Feedback.TrainingFeedback), tables);
    }

    [Fact]
    public async Task PersonTables_RealModel_EachCoveredByARegisteredImplementation()
    {
        var uncovered = await WithAppAsync(s => PersonColumns.Uncovered(
            s.GetRequiredService<LabDbContext>().Model, s.GetServices<IPersonalData>().SelectMany(p => p.Covers)));

        Assert.True(uncovered.Count == 0,
            "tables that hold a person but no IPersonalData covers (add one in the feature and register it with services.AddPersonalData<T>()): " + string.Join(", ", uncovered));
    }

    [Fact]
    public async Task Implementations_InTheBot_AreAllRegistered()
    {
        var registered = await WithAppAsync(s => s.GetServices<IPersonalData>().Select(p => p.GetType()).ToList());
        var written = typeof(IPersonalData).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IPersonalData))).ToList();

        Assert.Equal(written.Order(TypeOrder.Instance), registered.Order(TypeOrder.Instance));
        Assert.Equal(registered.Count, registered.Distinct().Count());
        Assert.Contains(typeof(InstallationPersonalData), registered);
        Assert.Contains(typeof(OutboxPersonalData), registered);
        Assert.Contains(typeof(TrainingsPersonalData), registered);
        Assert.Contains(typeof(LendingPersonalData), registered);
    }

    private sealed class TypeOrder : IComparer<Type>
    {
        public static readonly TypeOrder Instance = new();

        public int Compare(Type? x, Type? y) => string.CompareOrdinal(x?.FullName, y?.FullName);
    }
}

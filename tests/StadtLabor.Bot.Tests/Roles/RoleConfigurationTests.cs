using StadtLabor.Bot.Tests.Hosting;
namespace StadtLabor.Bot.Tests.Roles;

/// <summary>The Roles section is checked when the app starts, not at the first click of a lab team member.</summary>
public sealed class RoleConfigurationTests
{
    [Fact]
    public async Task Start_ObjectIdAndUpnAssignments_Starts()
    {
        var message = await LabAppStart.FailureAsync(
            ("Roles:LabTeam:0", "0b3c1e6a-5d2f-4c7e-9a10-7f2b9c4d5e61"),
            ("Roles:Admin:0", "anton.admin@soest.de"));

        Assert.Equal("", message);
    }

    [Theory]
    [InlineData("Roles:Hausmeister:0", "0b3c1e6a-5d2f-4c7e-9a10-7f2b9c4d5e61", "Roles:Hausmeister")]
    [InlineData("Roles:Lotse:0", "Jonas aus dem Bauamt", "Roles:Lotse:0")]
    [InlineData("Roles:Staff:0", "0b3c1e6a-5d2f-4c7e-9a10-7f2b9c4d5e61", "Roles:Staff")]
    [InlineData("Roles:Innovation", "ines@soest.de", "Roles:Innovation")]
    public async Task Start_WrongRoleEntry_FailsNamingTheKey(string key, string value, string named)
    {
        var message = await LabAppStart.FailureAsync((key, value));

        Assert.Contains(named, message, StringComparison.Ordinal);
    }
}

using System.Diagnostics.CodeAnalysis;

// House style names tests Subject_Scenario_Expected. Scoped to this folder's namespace because the
// project file belongs to the lead; a project-wide setting would make this file unnecessary.
[assembly: SuppressMessage("Naming", "CA1707:Identifiers should not contain underscores",
    Justification = "Test names follow Subject_Scenario_Expected", Scope = "namespaceanddescendants",
    Target = "~N:StadtLabor.Bot.Tests.Cards")]

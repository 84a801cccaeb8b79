using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StadtLabor.Bot.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddIdeas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "idea_lotsen",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LastSeenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idea_lotsen", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ideas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Anonymous = table.Column<bool>(type: "INTEGER", nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AssignedAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AssignedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    MergedIntoId = table.Column<long>(type: "INTEGER", nullable: true),
                    SupportCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmittedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FirstResponseDueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    FirstPublicAnswerAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EscalationLevel = table.Column<int>(type: "INTEGER", nullable: false),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    IntakeKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ideas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "idea_authors",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IdeaId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Anonymous = table.Column<bool>(type: "INTEGER", nullable: false),
                    Lang = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    OriginalIdeaId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idea_authors", x => x.Id);
                    table.ForeignKey(
                        name: "FK_idea_authors_ideas_IdeaId",
                        column: x => x.IdeaId,
                        principalTable: "ideas",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "idea_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IdeaId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Public = table.Column<bool>(type: "INTEGER", nullable: false),
                    FromStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    ToStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OtherIdeaId = table.Column<long>(type: "INTEGER", nullable: true),
                    ActorAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AssigneeAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AssigneeName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idea_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_idea_events_ideas_IdeaId",
                        column: x => x.IdeaId,
                        principalTable: "ideas",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "idea_supports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IdeaId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Lang = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_idea_supports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_idea_supports_ideas_IdeaId",
                        column: x => x.IdeaId,
                        principalTable: "ideas",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_idea_authors_IdeaId_UserAadObjectId",
                table: "idea_authors",
                columns: new[] { "IdeaId", "UserAadObjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_idea_authors_UserAadObjectId",
                table: "idea_authors",
                column: "UserAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_idea_events_ActorAadObjectId",
                table: "idea_events",
                column: "ActorAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_idea_events_AssigneeAadObjectId",
                table: "idea_events",
                column: "AssigneeAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_idea_events_IdeaId_Id",
                table: "idea_events",
                columns: new[] { "IdeaId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_idea_lotsen_UserAadObjectId",
                table: "idea_lotsen",
                column: "UserAadObjectId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_idea_supports_IdeaId_UserAadObjectId",
                table: "idea_supports",
                columns: new[] { "IdeaId", "UserAadObjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_idea_supports_UserAadObjectId",
                table: "idea_supports",
                column: "UserAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_ideas_AssignedAadObjectId",
                table: "ideas",
                column: "AssignedAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_ideas_FirstResponseDueOn",
                table: "ideas",
                column: "FirstResponseDueOn");

            migrationBuilder.CreateIndex(
                name: "IX_ideas_IntakeKey",
                table: "ideas",
                column: "IntakeKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ideas_Status_SubmittedAtUtc",
                table: "ideas",
                columns: new[] { "Status", "SubmittedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "idea_authors");

            migrationBuilder.DropTable(
                name: "idea_events");

            migrationBuilder.DropTable(
                name: "idea_lotsen");

            migrationBuilder.DropTable(
                name: "idea_supports");

            migrationBuilder.DropTable(
                name: "ideas");
        }
    }
}

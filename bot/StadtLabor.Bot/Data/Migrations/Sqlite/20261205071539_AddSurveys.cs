using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StadtLabor.Bot.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddSurveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "surveys",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Template = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedByAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AudienceKind = table.Column<int>(type: "INTEGER", nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    ReminderDays = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FreeTextToPartner = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_surveys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "survey_exports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SurveyId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    ByAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_exports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_survey_exports_surveys_SurveyId",
                        column: x => x.SurveyId,
                        principalTable: "surveys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_questions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SurveyId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Options = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ScaleLow = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ScaleHigh = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Min = table.Column<int>(type: "INTEGER", nullable: true),
                    Max = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxLength = table.Column<int>(type: "INTEGER", nullable: false),
                    BreakdownSlot = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_questions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_survey_questions_surveys_SurveyId",
                        column: x => x.SurveyId,
                        principalTable: "surveys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_waves",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SurveyId = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    OpensOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClosesOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SummaryPublished = table.Column<bool>(type: "INTEGER", nullable: false),
                    PublishedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_waves", x => x.Id);
                    table.ForeignKey(
                        name: "FK_survey_waves_surveys_SurveyId",
                        column: x => x.SurveyId,
                        principalTable: "surveys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_drafts",
                columns: table => new
                {
                    WaveId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Answers = table.Column<string>(type: "TEXT", maxLength: 40000, nullable: false),
                    Page = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_drafts", x => new { x.WaveId, x.UserAadObjectId });
                    table.ForeignKey(
                        name: "FK_survey_drafts_survey_waves_WaveId",
                        column: x => x.WaveId,
                        principalTable: "survey_waves",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_invitees",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WaveId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Lang = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_invitees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_survey_invitees_survey_waves_WaveId",
                        column: x => x.WaveId,
                        principalTable: "survey_waves",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_pending",
                columns: table => new
                {
                    WaveId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_pending", x => new { x.WaveId, x.UserAadObjectId });
                    table.ForeignKey(
                        name: "FK_survey_pending_survey_waves_WaveId",
                        column: x => x.WaveId,
                        principalTable: "survey_waves",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_responses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WaveId = table.Column<long>(type: "INTEGER", nullable: false),
                    Filled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Group1 = table.Column<int>(type: "INTEGER", nullable: true),
                    Group2 = table.Column<int>(type: "INTEGER", nullable: true),
                    Group3 = table.Column<int>(type: "INTEGER", nullable: true),
                    Group4 = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_responses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_survey_responses_survey_waves_WaveId",
                        column: x => x.WaveId,
                        principalTable: "survey_waves",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "survey_values",
                columns: table => new
                {
                    ResponseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QuestionId = table.Column<long>(type: "INTEGER", nullable: false),
                    WaveId = table.Column<long>(type: "INTEGER", nullable: false),
                    Choice = table.Column<int>(type: "INTEGER", nullable: true),
                    Number = table.Column<int>(type: "INTEGER", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Group1 = table.Column<int>(type: "INTEGER", nullable: true),
                    Group2 = table.Column<int>(type: "INTEGER", nullable: true),
                    Group3 = table.Column<int>(type: "INTEGER", nullable: true),
                    Group4 = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_values", x => new { x.ResponseId, x.QuestionId });
                    table.ForeignKey(
                        name: "FK_survey_values_survey_responses_ResponseId",
                        column: x => x.ResponseId,
                        principalTable: "survey_responses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_survey_drafts_UserAadObjectId",
                table: "survey_drafts",
                column: "UserAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_survey_exports_ByAadObjectId",
                table: "survey_exports",
                column: "ByAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_survey_exports_SurveyId_AtUtc",
                table: "survey_exports",
                columns: new[] { "SurveyId", "AtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_invitees_UserAadObjectId",
                table: "survey_invitees",
                column: "UserAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_survey_invitees_WaveId_UserAadObjectId",
                table: "survey_invitees",
                columns: new[] { "WaveId", "UserAadObjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_survey_pending_UserAadObjectId",
                table: "survey_pending",
                column: "UserAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_survey_questions_SurveyId_Position",
                table: "survey_questions",
                columns: new[] { "SurveyId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_responses_WaveId_Filled",
                table: "survey_responses",
                columns: new[] { "WaveId", "Filled" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_values_WaveId_QuestionId",
                table: "survey_values",
                columns: new[] { "WaveId", "QuestionId" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_waves_Status_ClosesOn",
                table: "survey_waves",
                columns: new[] { "Status", "ClosesOn" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_waves_SurveyId_Number",
                table: "survey_waves",
                columns: new[] { "SurveyId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_surveys_CreatedByAadObjectId",
                table: "surveys",
                column: "CreatedByAadObjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "survey_drafts");

            migrationBuilder.DropTable(
                name: "survey_exports");

            migrationBuilder.DropTable(
                name: "survey_invitees");

            migrationBuilder.DropTable(
                name: "survey_pending");

            migrationBuilder.DropTable(
                name: "survey_questions");

            migrationBuilder.DropTable(
                name: "survey_values");

            migrationBuilder.DropTable(
                name: "survey_responses");

            migrationBuilder.DropTable(
                name: "survey_waves");

            migrationBuilder.DropTable(
                name: "surveys");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StadtLabor.Bot.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddTrainings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "signing_keys",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    KeyBase64 = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_signing_keys", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "training_tools",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_tools", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "training_interests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ToolId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Lang = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NotifiedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NotifiedSessionId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_interests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_training_interests_training_tools_ToolId",
                        column: x => x.ToolId,
                        principalTable: "training_tools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "training_sessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ToolId = table.Column<long>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Prerequisites = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    StartsAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndsAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Place = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OnlineUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Trainer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    ScheduleVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    LockStamp = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedByAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AnnouncedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_sessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_training_sessions_training_tools_ToolId",
                        column: x => x.ToolId,
                        principalTable: "training_tools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_feedback",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Rating = table.Column<int>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    SubmittedOn = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_feedback", x => x.Id);
                    table.ForeignKey(
                        name: "FK_training_feedback_training_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "training_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "training_registrations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Lang = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    WaitlistSeq = table.Column<long>(type: "INTEGER", nullable: false),
                    OfferExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    OfferCount = table.Column<int>(type: "INTEGER", nullable: false),
                    BookedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attendance = table.Column<int>(type: "INTEGER", nullable: false),
                    FeedbackRequestedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FeedbackGivenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_registrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_training_registrations_training_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "training_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_training_feedback_SessionId",
                table: "training_feedback",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_training_interests_ToolId_UserAadObjectId",
                table: "training_interests",
                columns: new[] { "ToolId", "UserAadObjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_training_registrations_SessionId_UserAadObjectId",
                table: "training_registrations",
                columns: new[] { "SessionId", "UserAadObjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_training_registrations_Status_OfferExpiresAtUtc",
                table: "training_registrations",
                columns: new[] { "Status", "OfferExpiresAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_training_registrations_UserAadObjectId",
                table: "training_registrations",
                column: "UserAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_training_sessions_StartsAtUtc",
                table: "training_sessions",
                column: "StartsAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_training_sessions_ToolId",
                table: "training_sessions",
                column: "ToolId");

            migrationBuilder.CreateIndex(
                name: "IX_training_tools_Name",
                table: "training_tools",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "signing_keys");

            migrationBuilder.DropTable(
                name: "training_feedback");

            migrationBuilder.DropTable(
                name: "training_interests");

            migrationBuilder.DropTable(
                name: "training_registrations");

            migrationBuilder.DropTable(
                name: "training_sessions");

            migrationBuilder.DropTable(
                name: "training_tools");
        }
    }
}

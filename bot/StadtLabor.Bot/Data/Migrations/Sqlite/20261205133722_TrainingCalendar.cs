using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StadtLabor.Bot.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrainingCalendar : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "training_calendar_events",
                columns: table => new
                {
                    SessionId = table.Column<long>(type: "INTEGER", nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Generation = table.Column<int>(type: "INTEGER", nullable: false),
                    AttendeesHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DetailsHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Online = table.Column<bool>(type: "INTEGER", nullable: false),
                    CancelledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_calendar_events", x => x.SessionId);
                    table.ForeignKey(
                        name: "FK_training_calendar_events_training_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "training_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "training_calendar_events");
        }
    }
}

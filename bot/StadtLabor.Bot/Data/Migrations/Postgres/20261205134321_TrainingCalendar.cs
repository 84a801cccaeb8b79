using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StadtLabor.Bot.Data.Migrations.Postgres
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
                    SessionId = table.Column<long>(type: "bigint", nullable: false),
                    EventId = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Generation = table.Column<int>(type: "integer", nullable: false),
                    AttendeesHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DetailsHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Online = table.Column<bool>(type: "boolean", nullable: false),
                    CancelledAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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

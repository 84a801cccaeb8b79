using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace StadtLabor.Bot.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class GraphCallsAndDigests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DigestFolds",
                table: "person_settings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "DigestFrequency",
                table: "person_settings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "RoleDigests",
                table: "person_settings",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.CreateTable(
                name: "digest_editions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    PeriodKey = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Audience = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    OutboxDedupeKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ItemCount = table.Column<int>(type: "integer", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_digest_editions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "graph_calls",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DedupeKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    OrderKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Mailbox = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    PayloadJson = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LeaseUntilUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClaimedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DoneAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    LastStatusCode = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_graph_calls", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "digest_acknowledgements",
                columns: table => new
                {
                    EditionId = table.Column<long>(type: "bigint", nullable: false),
                    UserAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Answer = table.Column<int>(type: "integer", nullable: false),
                    AnsweredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_digest_acknowledgements", x => new { x.EditionId, x.UserAadObjectId });
                    table.ForeignKey(
                        name: "FK_digest_acknowledgements_digest_editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "digest_editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_digest_acknowledgements_UserAadObjectId",
                table: "digest_acknowledgements",
                column: "UserAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_digest_editions_Audience",
                table: "digest_editions",
                column: "Audience");

            migrationBuilder.CreateIndex(
                name: "IX_digest_editions_CreatedAtUtc",
                table: "digest_editions",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_digest_editions_Kind_PeriodKey_Audience",
                table: "digest_editions",
                columns: new[] { "Kind", "PeriodKey", "Audience" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_graph_calls_DedupeKey",
                table: "graph_calls",
                column: "DedupeKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_graph_calls_OrderKey_Status_Id",
                table: "graph_calls",
                columns: new[] { "OrderKey", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_graph_calls_Status_NextAttemptAtUtc",
                table: "graph_calls",
                columns: new[] { "Status", "NextAttemptAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "digest_acknowledgements");

            migrationBuilder.DropTable(
                name: "graph_calls");

            migrationBuilder.DropTable(
                name: "digest_editions");

            migrationBuilder.DropColumn(
                name: "DigestFolds",
                table: "person_settings");

            migrationBuilder.DropColumn(
                name: "DigestFrequency",
                table: "person_settings");

            migrationBuilder.DropColumn(
                name: "RoleDigests",
                table: "person_settings");
        }
    }
}

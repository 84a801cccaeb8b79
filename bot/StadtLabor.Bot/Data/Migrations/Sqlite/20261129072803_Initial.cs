using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StadtLabor.Bot.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "installations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ConversationId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ServiceUrl = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ConversationType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    BotId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UserAadObjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TeamId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    InstalledAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_installations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_installations_ConversationId",
                table: "installations",
                column: "ConversationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_installations_UserAadObjectId",
                table: "installations",
                column: "UserAadObjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "installations");
        }
    }
}

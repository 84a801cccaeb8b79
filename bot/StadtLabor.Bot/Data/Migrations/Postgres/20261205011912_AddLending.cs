using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace StadtLabor.Bot.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddLending : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lending_items",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Category = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    IsKit = table.Column<bool>(type: "boolean", nullable: false),
                    LendableAlone = table.Column<bool>(type: "boolean", nullable: false),
                    NeedsApproval = table.Column<bool>(type: "boolean", nullable: false),
                    RequiredToolId = table.Column<long>(type: "bigint", nullable: true),
                    MaxDays = table.Column<int>(type: "integer", nullable: true),
                    MaxPerPerson = table.Column<int>(type: "integer", nullable: true),
                    PhotoUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    RetiredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LockStamp = table.Column<long>(type: "bigint", nullable: false),
                    CreatedByAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lending_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lending_items_training_tools_RequiredToolId",
                        column: x => x.RequiredToolId,
                        principalTable: "training_tools",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "lending_kit_parts",
                columns: table => new
                {
                    KitId = table.Column<long>(type: "bigint", nullable: false),
                    PartId = table.Column<long>(type: "bigint", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lending_kit_parts", x => new { x.KitId, x.PartId });
                    table.ForeignKey(
                        name: "FK_lending_kit_parts_lending_items_KitId",
                        column: x => x.KitId,
                        principalTable: "lending_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_lending_kit_parts_lending_items_PartId",
                        column: x => x.PartId,
                        principalTable: "lending_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lending_photos",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ItemId = table.Column<long>(type: "bigint", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lending_photos", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lending_photos_lending_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "lending_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lending_reservations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ItemId = table.Column<long>(type: "bigint", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    StartsAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndsAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    UserAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UserName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Lang = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    PickupPlace = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ScheduleVersion = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    DecidedByAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DecidedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HandedOverByAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LentAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReceiptConfirmedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReceivedBackByAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ReturnedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lending_reservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lending_reservations_lending_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "lending_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "lending_watches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ItemId = table.Column<long>(type: "bigint", nullable: false),
                    UserAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Lang = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    FromUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ToUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    NotifiedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lending_watches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lending_watches_lending_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "lending_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lending_check_lines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReservationId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    ItemId = table.Column<long>(type: "bigint", nullable: false),
                    Expected = table.Column<int>(type: "integer", nullable: false),
                    Counted = table.Column<int>(type: "integer", nullable: false),
                    Damaged = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lending_check_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lending_check_lines_lending_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "lending_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_lending_check_lines_lending_reservations_ReservationId",
                        column: x => x.ReservationId,
                        principalTable: "lending_reservations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lending_maintenance_blocks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ItemId = table.Column<long>(type: "bigint", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    StartsAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndsAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Reason = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ReservationId = table.Column<long>(type: "bigint", nullable: true),
                    ClearedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClearedByAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedByAadObjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lending_maintenance_blocks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lending_maintenance_blocks_lending_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "lending_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_lending_maintenance_blocks_lending_reservations_Reservation~",
                        column: x => x.ReservationId,
                        principalTable: "lending_reservations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_lending_check_lines_ItemId",
                table: "lending_check_lines",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_lending_check_lines_ReservationId_Kind_ItemId",
                table: "lending_check_lines",
                columns: new[] { "ReservationId", "Kind", "ItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lending_items_Category",
                table: "lending_items",
                column: "Category");

            migrationBuilder.CreateIndex(
                name: "IX_lending_items_Name",
                table: "lending_items",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lending_items_RequiredToolId",
                table: "lending_items",
                column: "RequiredToolId");

            migrationBuilder.CreateIndex(
                name: "IX_lending_kit_parts_PartId",
                table: "lending_kit_parts",
                column: "PartId");

            migrationBuilder.CreateIndex(
                name: "IX_lending_maintenance_blocks_ItemId_StartsAtUtc",
                table: "lending_maintenance_blocks",
                columns: new[] { "ItemId", "StartsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_lending_maintenance_blocks_ReservationId",
                table: "lending_maintenance_blocks",
                column: "ReservationId");

            migrationBuilder.CreateIndex(
                name: "IX_lending_photos_ItemId",
                table: "lending_photos",
                column: "ItemId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lending_reservations_ItemId_StartsAtUtc_EndsAtUtc",
                table: "lending_reservations",
                columns: new[] { "ItemId", "StartsAtUtc", "EndsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_lending_reservations_Status_EndsAtUtc",
                table: "lending_reservations",
                columns: new[] { "Status", "EndsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_lending_reservations_Status_StartsAtUtc",
                table: "lending_reservations",
                columns: new[] { "Status", "StartsAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_lending_reservations_UserAadObjectId",
                table: "lending_reservations",
                column: "UserAadObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_lending_watches_ItemId_NotifiedAtUtc",
                table: "lending_watches",
                columns: new[] { "ItemId", "NotifiedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_lending_watches_UserAadObjectId",
                table: "lending_watches",
                column: "UserAadObjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lending_check_lines");

            migrationBuilder.DropTable(
                name: "lending_kit_parts");

            migrationBuilder.DropTable(
                name: "lending_maintenance_blocks");

            migrationBuilder.DropTable(
                name: "lending_photos");

            migrationBuilder.DropTable(
                name: "lending_watches");

            migrationBuilder.DropTable(
                name: "lending_reservations");

            migrationBuilder.DropTable(
                name: "lending_items");
        }
    }
}

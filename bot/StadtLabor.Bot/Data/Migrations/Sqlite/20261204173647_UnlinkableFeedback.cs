using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StadtLabor.Bot.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UnlinkableFeedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing data: "given" is kept, the time it was given is dropped.
            migrationBuilder.AddColumn<bool>(
                name: "FeedbackGiven",
                table: "training_registrations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
            migrationBuilder.Sql("""UPDATE training_registrations SET "FeedbackGiven" = ("FeedbackGivenAtUtc" IS NOT NULL);""");
            migrationBuilder.DropColumn(
                name: "FeedbackGivenAtUtc",
                table: "training_registrations");

            migrationBuilder.AlterColumn<Guid>(
                name: "Id",
                table: "training_feedback",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER")
                .OldAnnotation("Sqlite:Autoincrement", true);

            // Running numbers become random ids (version 4, in the upper-case text form EF writes), and the rows are
            // written again in random order, so neither the ids nor the rowids of existing answers tell which came when.
            migrationBuilder.Sql("""
                CREATE TABLE feedback_shuffle AS SELECT "SessionId", "Rating", "Comment", "SubmittedOn" FROM training_feedback;
                DELETE FROM training_feedback;
                INSERT INTO training_feedback ("Id", "SessionId", "Rating", "Comment", "SubmittedOn")
                SELECT upper(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-'
                         || substr('89AB', 1 + abs(random()) % 4, 1) || substr(h, 18, 3) || '-' || substr(h, 21, 12)),
                       "SessionId", "Rating", "Comment", "SubmittedOn"
                FROM (SELECT hex(randomblob(16)) AS h, "SessionId", "Rating", "Comment", "SubmittedOn" FROM feedback_shuffle)
                ORDER BY random();
                DROP TABLE feedback_shuffle;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FeedbackGivenAtUtc",
                table: "training_registrations",
                type: "TEXT",
                nullable: true);
            // The time was never kept: the registration's last change stands in for it.
            migrationBuilder.Sql("""UPDATE training_registrations SET "FeedbackGivenAtUtc" = "UpdatedAtUtc" WHERE "FeedbackGiven";""");
            migrationBuilder.DropColumn(
                name: "FeedbackGiven",
                table: "training_registrations");

            migrationBuilder.Sql("""UPDATE training_feedback SET "Id" = rowid;""");
            migrationBuilder.AlterColumn<long>(
                name: "Id",
                table: "training_feedback",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "TEXT")
                .Annotation("Sqlite:Autoincrement", true);
        }
    }
}

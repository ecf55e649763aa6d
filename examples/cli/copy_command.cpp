// copy_command.cpp: leadbook copy.
#include "cli.hpp"

#include <leadbook/copy.hpp>

#include <ostream>

namespace leadbook_cli {

const std::string_view copy_help = R"(Usage: leadbook [global options] copy SOURCE DESTINATION

  copy SOURCE DESTINATION
      Copies the book at SOURCE into the one at DESTINATION, each a file
      path or a postgresql:// URI: every lead, business contact, account,
      history item, opportunity, stage, criterion, saved report, field
      definition, matching rule and user, with the same ids, and every
      setting. Moves a book from SQLite to PostgreSQL, back, or into
      another file. SOURCE must exist; DESTINATION is created when missing
      and must be empty, else nothing is written (exit status 1). The rows
      of each type are counted on both sides at the end. Prints how many
      rows of each type were copied; with --json,
      {"tables": [{"table", "rows"}], "settings": N}. --db is not used.
)";

int copy_command(const Context& ctx, const Args& args) {
    auto options = parse_options("copy", args, {});
    expect_positionals("copy", options, 2, 2, "SOURCE DESTINATION");
    const leadbook::CopyReport report =
        leadbook::copy_book(options.positionals[0], options.positionals[1]);
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(report));
        return 0;
    }
    for (const auto& table : report.tables) *ctx.out << table.table << ": " << table.rows << "\n";
    *ctx.out << "settings: " << report.settings << "\n";
    return 0;
}

} // namespace leadbook_cli

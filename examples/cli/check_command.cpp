// check_command.cpp: leadbook check.
#include "cli.hpp"

#include <filesystem>
#include <ostream>

namespace leadbook_cli {

const std::string_view check_help = R"(Usage: leadbook [global options] check

  check
      Checks the whole database without changing it (it is opened
      read-only): damaged pages, indexes that disagree with their table,
      references to records that do not exist, values of the wrong type, and
      tables, triggers or views leadbook did not create. Prints each problem
      found, or that there are none. Exit status 0 when the database is
      sound, 1 when a problem was found or it could not be read at all.
      With --json, prints {"ok": ..., "problems": [{"kind", "message"}]}.
)";

int check_command(const Context& ctx, const Args& args) {
    auto options = parse_options("check", args, {});
    expect_positionals("check", options, 0, 0, "");
    if (db_is_file(ctx) && !std::filesystem::exists(ctx.db_path))
        leadbook::fail(leadbook::ErrorCode::not_found, cat("no database '", ctx.db_path, "'"));
    leadbook::OpenOptions open_options;
    open_options.create = false;
    open_options.read_only = true;
    auto book = leadbook::LeadBook::open(ctx.db_path, open_options);
    const leadbook::CheckReport report = book.check();
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(report));
    } else if (report.ok) {
        *ctx.out << db_shown(ctx) << ": no problems found\n";
    } else {
        for (const auto& problem : report.problems)
            *ctx.out << problem.kind << ": " << problem.message << "\n";
        *ctx.out << db_shown(ctx) << ": " << report.problems.size()
                 << (report.problems.size() == 1 ? " problem" : " problems") << " found\n";
    }
    return report.ok ? 0 : 1;
}

} // namespace leadbook_cli

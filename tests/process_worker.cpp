// A separate program the process tests start several times at once, each
// with its own LeadBook handle on one shared database (a SQLite file, or a
// PostgreSQL database: each process on a connection of its own).
//
//   process_worker rmw DB WORKER EDITS SEED   read-modify-write edits of
//       the custom field "count" of random leads named "Shared ...",
//       retrying on conflict as an application would
//   process_worker title DB WORKER EDITS SEED  the same, setting job_title
//       of random leads named "Bulk ..."
//   process_worker bulk DB                     one bulk edit: rating = hot on
//       every lead of company "Bulk"
//   process_worker import DB N                 imports N new leads from CSV
//       (company "Imported"), prints "added N"
//   process_worker read DB                     opens without waiting for
//       locks (busy timeout 0), prints "leads N", then tries to add a lead
//       and prints "write added" or "write busy" and "message ..." (the
//       error's words)
//
// DB is a file or a postgresql:// URI.
//
// It prints one line per lead it changed ("lead ID SUCCESSES"), then
// "conflicts N", and exits 0; on any other error it prints it and exits 1.
#include <leadbook/import.hpp>
#include <leadbook/leadbook.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

using namespace leadbook;

namespace {

std::vector<Id> leads_named(LeadBook& book, const std::string& prefix) {
    std::vector<Id> ids;
    RecordQuery q;
    q.where.push_back({"full_name", FilterOp::starts_with, boost::json::value(prefix)});
    for (const auto& lead : book.leads().find(q)) ids.push_back(lead.id);
    return ids;
}

int edit_loop(LeadBook& book, const std::string& mode, int worker, int edits, unsigned seed) {
    auto ids = leads_named(book, mode == "rmw" ? "Shared " : "Bulk ");
    if (ids.empty()) throw std::runtime_error("no leads to edit");
    std::mt19937 rng(seed);
    std::map<Id, int> successes;
    int conflicts = 0;
    for (int k = 0; k < edits; ++k) {
        Id id = ids[rng() % ids.size()];
        for (;;) {
            Lead lead = book.leads().get(id);
            boost::json::object change;
            if (mode == "rmw") {
                double count = 0;
                if (auto it = lead.custom.find("count"); it != lead.custom.end())
                    count = std::get<double>(it->second);
                boost::json::object custom;
                custom["count"] = count + 1;
                change["custom"] = custom;
            } else {
                change["job_title"] = "w" + std::to_string(worker) + "-" + std::to_string(k);
            }
            try {
                book.leads().update(id, lead.version, change);
                ++successes[id];
                break;
            } catch (const Error& e) {
                if (e.code() != ErrorCode::conflict) throw;
                ++conflicts; // someone saved first: reload and try again
            }
        }
    }
    for (const auto& [id, n] : successes) std::cout << "lead " << id << " " << n << "\n";
    std::cout << "conflicts " << conflicts << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        if (argc < 3) throw std::runtime_error("usage: process_worker rmw|title|bulk DB ...");
        std::string mode = argv[1];
        if (mode == "read") {
            auto book = LeadBook::open(argv[2], {.busy_timeout_ms = 0});
            std::cout << "leads " << book.leads().count() << "\n";
            try {
                book.leads().add({.full_name = "Reader"});
                std::cout << "write added\n";
            } catch (const Error& e) {
                if (e.code() != ErrorCode::busy) throw;
                std::cout << "write busy\nmessage " << e.what() << "\n";
            }
            return 0;
        }
        auto book = LeadBook::open(argv[2], {.busy_timeout_ms = 120000});
        if (mode == "import") {
            std::ostringstream csv;
            csv << "full_name,company,emails.work\n";
            for (int i = 0; i < std::atoi(argv[3]); ++i)
                csv << "Imported " << i << ",Imported,imported" << i << "@example.com\n";
            std::istringstream in(csv.str());
            ImportOptions options;
            options.preset = "generic";
            std::cout << "added " << import_csv(book, in, options).added << "\n";
            return 0;
        }
        if (mode == "bulk") {
            auto n = book.leads().bulk_edit(Selection::where({{"company", FilterOp::eq, "Bulk"}}),
                                            "rating", "hot");
            std::cout << "changed " << n << "\n";
            return 0;
        }
        if (argc < 6)
            throw std::runtime_error("usage: process_worker rmw|title DB WORKER EDITS SEED");
        return edit_loop(book, mode, std::atoi(argv[3]), std::atoi(argv[4]),
                         static_cast<unsigned>(std::atoi(argv[5])));
    } catch (const std::exception& e) {
        std::cout << "error " << e.what() << "\n";
        return 1;
    }
}

// A soak run (not a test, not a benchmark): several processes share one
// database file for a while, each doing a random mix of what users do —
// adding leads, importing, bulk edits, reports, reads — and the run prints
// how much was done, how often the database was busy, the 99th percentile
// latency, every error other than busy, and check() of the file at the end.
//
//   leadbook_soak [--processes 8] [--minutes 10 | --seconds S]
//                 [--busy-timeout-ms 10000] DB
//
// Exit status 0 when no error other than busy happened and check() found
// nothing wrong.
#include <leadbook/import.hpp>
#include <leadbook/leadbook.hpp>
#include <leadbook/reports.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

using namespace leadbook;
using Clock = std::chrono::steady_clock;

namespace {

enum Kind { add, import, bulk_edit, report, read, update, kinds };
constexpr std::array<const char*, kinds> kind_names = {"add",    "import", "bulk_edit",
                                                       "report", "read",   "update"};
/// Out of 100: mostly reads and single edits, some heavy writers.
constexpr std::array<int, kinds> weights = {25, 5, 5, 10, 35, 20};

struct Options {
    int processes = 8;
    double seconds = 600;
    int busy_timeout_ms = 10000;
    std::string path;
};

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--processes")
            o.processes = std::stoi(next());
        else if (a == "--minutes")
            o.seconds = std::stod(next()) * 60;
        else if (a == "--seconds")
            o.seconds = std::stod(next());
        else if (a == "--busy-timeout-ms")
            o.busy_timeout_ms = std::stoi(next());
        else if (!a.empty() && a[0] == '-')
            throw std::runtime_error("unknown option " + a);
        else
            o.path = a;
    }
    if (o.path.empty())
        throw std::runtime_error("usage: leadbook_soak [--processes N] [--minutes M | --seconds S] "
                                 "[--busy-timeout-ms MS] DB");
    return o;
}

std::string csv_rows(int worker, std::int64_t batch, int rows) {
    std::string csv = "full_name,company,emails.work,rating\n";
    for (int i = 0; i < rows; ++i) {
        const std::string n =
            std::to_string(worker) + "-" + std::to_string(batch) + "-" + std::to_string(i);
        csv +=
            "Imported " + n + ",Soak " + std::to_string(i % 7) + ",i" + n + "@example.com,warm\n";
    }
    return csv;
}

/// One worker process: the mix until the deadline. Writes "op KIND MICROS",
/// "busy KIND" and "error KIND MESSAGE" lines to `out`.
int work(const Options& o, int worker, Clock::time_point deadline, FILE* out) {
    std::mt19937 rng(unsigned(1000 + worker));
    auto book = LeadBook::open(o.path, {.busy_timeout_ms = o.busy_timeout_ms});
    Reports reports(book);
    const auto names = builtin_report_names();
    std::int64_t batch = 0;
    while (Clock::now() < deadline) {
        int pick = int(rng() % 100);
        int kind = 0;
        while (pick >= weights[std::size_t(kind)]) pick -= weights[std::size_t(kind++)];
        const auto start = Clock::now();
        try {
            switch (Kind(kind)) {
            case add: {
                Lead lead;
                lead.full_name = "Added " + std::to_string(worker) + "-" + std::to_string(batch++);
                lead.company = "Soak " + std::to_string(rng() % 7);
                lead.emails = {{"work", "a" + std::to_string(worker) + "-" + std::to_string(batch) +
                                            "@example.com"}};
                book.leads().add(lead);
                break;
            }
            case import: {
                std::istringstream in(csv_rows(worker, batch++, 200));
                import_csv(book, in);
                break;
            }
            case bulk_edit: {
                static constexpr std::array<const char*, 3> ratings = {"hot", "warm", "cold"};
                const boost::json::value company("Soak " + std::to_string(rng() % 7));
                book.leads().bulk_edit(Selection::where({{"company", FilterOp::eq, company}}),
                                       "rating", boost::json::value(ratings[rng() % 3]));
                break;
            }
            case report: reports.run(names[rng() % names.size()]); break;
            case read: {
                RecordQuery q;
                q.where.push_back({"company", FilterOp::eq,
                                   boost::json::value("Soak " + std::to_string(rng() % 7))});
                q.limit = 50;
                std::int64_t n = 0;
                for (const auto& lead : book.leads().find(q)) n += lead.id > 0;
                (void)book.leads().count();
                (void)n;
                break;
            }
            case update: {
                RecordQuery q;
                q.where.push_back({"company", FilterOp::eq,
                                   boost::json::value("Soak " + std::to_string(rng() % 7))});
                q.limit = 1;
                q.offset = std::int64_t(rng() % 100);
                if (auto lead = book.leads().find(q).next())
                    book.leads().update_latest(lead->id,
                                               {{"job_title", "t" + std::to_string(rng() % 1000)}});
                break;
            }
            case kinds: break;
            }
            const auto micros =
                std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
            std::fprintf(out, "op %s %lld\n", kind_names[std::size_t(kind)],
                         static_cast<long long>(micros));
        } catch (const Error& e) {
            if (e.code() == ErrorCode::busy) {
                std::fprintf(out, "busy %s\n", kind_names[std::size_t(kind)]);
            } else {
                std::string message = e.what();
                std::replace(message.begin(), message.end(), '\n', ' ');
                std::fprintf(out, "error %s %s\n", kind_names[std::size_t(kind)], message.c_str());
            }
        }
    }
    std::fflush(out);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        const Options o = parse(argc, argv);
        {
            auto book = LeadBook::open(o.path);
            if (book.leads().count() == 0) {
                std::vector<Lead> leads(5000);
                for (std::size_t i = 0; i < leads.size(); ++i) {
                    leads[i].full_name = "Seed " + std::to_string(i);
                    leads[i].company = "Soak " + std::to_string(i % 7);
                }
                book.leads().add_many(leads);
            }
        } // closed before fork: no connection crosses into a child
        const auto deadline =
            Clock::now() + std::chrono::milliseconds(std::int64_t(o.seconds * 1000));
        std::vector<std::pair<pid_t, FILE*>> children;
        for (int w = 0; w < o.processes; ++w) {
            int fds[2];
            if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
            const pid_t pid = fork();
            if (pid == 0) {
                close(fds[0]);
                FILE* out = fdopen(fds[1], "w");
                int status = 1;
                try {
                    status = work(o, w, deadline, out);
                } catch (const std::exception& e) {
                    std::fprintf(out, "error open %s\n", e.what());
                }
                std::fclose(out);
                _exit(status);
            }
            close(fds[1]);
            children.emplace_back(pid, fdopen(fds[0], "r"));
        }
        std::map<std::string, std::vector<std::int64_t>> latencies;
        std::map<std::string, std::int64_t> busy;
        std::vector<std::string> errors;
        char line[4096];
        for (auto& [pid, in] : children) {
            while (std::fgets(line, sizeof line, in)) {
                std::istringstream words(line);
                std::string what, kind;
                words >> what >> kind;
                if (what == "op") {
                    std::int64_t micros = 0;
                    words >> micros;
                    latencies[kind].push_back(micros);
                } else if (what == "busy") {
                    ++busy[kind];
                } else {
                    errors.emplace_back(line);
                }
            }
            std::fclose(in);
            int status = 0;
            waitpid(pid, &status, 0);
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                errors.push_back("a worker process ended abnormally");
        }
        auto p99 = [](std::vector<std::int64_t> v) -> double {
            if (v.empty()) return 0;
            std::sort(v.begin(), v.end());
            return double(v[std::min(v.size() - 1, v.size() * 99 / 100)]) / 1000.0;
        };
        std::vector<std::int64_t> all;
        std::int64_t busy_total = 0;
        std::printf("%d processes, %.0f s, busy timeout %d ms, on %s\n", o.processes, o.seconds,
                    o.busy_timeout_ms, o.path.c_str());
        std::printf("%-10s %10s %8s %12s\n", "operation", "done", "busy", "p99 ms");
        for (const char* name : kind_names) {
            const auto& v = latencies[name];
            all.insert(all.end(), v.begin(), v.end());
            busy_total += busy[name];
            std::printf("%-10s %10zu %8lld %12.1f\n", name, v.size(),
                        static_cast<long long>(busy[name]), p99(v));
        }
        std::printf("%-10s %10zu %8lld %12.1f\n", "all", all.size(),
                    static_cast<long long>(busy_total), p99(all));
        std::printf("errors other than busy: %zu\n", errors.size());
        for (std::size_t i = 0; i < errors.size() && i < 20; ++i)
            std::printf("  %s", errors[i].c_str());
        auto book = LeadBook::open(o.path);
        const auto report = book.check();
        std::printf("check(): %s\n", report.ok ? "ok" : "PROBLEMS");
        for (const auto& p : report.problems)
            std::printf("  %s: %s\n", p.kind.c_str(), p.message.c_str());
        std::printf("leads now: %lld\n", static_cast<long long>(book.leads().count()));
        return errors.empty() && report.ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "leadbook_soak: %s\n", e.what());
        return 2;
    }
}

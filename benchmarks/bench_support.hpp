// Small helpers the benchmark programs share: scratch database files,
// checking raw SQLite result codes in the baselines, and the console report
// that ends with leadbook's time over its baseline's for each pair.
#pragma once

#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iomanip>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook::bench {

/// Where benchmarks keep their files: $LEADBOOK_BENCH_DIR, default the
/// system temp folder ($TMPDIR, else /tmp).
inline std::filesystem::path scratch_base() {
    const char* given = std::getenv("LEADBOOK_BENCH_DIR");
    return given && *given ? std::filesystem::path(given) : std::filesystem::temp_directory_path();
}

/// A path for a database file in the benchmarks' scratch folder:
/// scratch_base()/leadbook-bench/.
inline std::string scratch(const std::string& name) {
    const auto dir = scratch_base() / "leadbook-bench";
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

/// Removes a database file with its WAL and shared-memory files.
inline void remove_db(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

/// Throws unless `rc` is a success code of a raw SQLite call.
inline void check(int rc, sqlite3* db) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        throw std::runtime_error(sqlite3_errmsg(db));
}

/// Opens `path` with raw SQLite as leadbook opens its files (WAL, synchronous
/// NORMAL, foreign keys on): the connection of a hand-written baseline.
inline sqlite3* open_raw(const std::string& path) {
    sqlite3* db = nullptr;
    check(sqlite3_open(path.c_str(), &db), db);
    check(sqlite3_exec(db,
                       "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON",
                       nullptr, nullptr, nullptr),
          db);
    return db;
}

/// The console table, then a line per pair of benchmarks named
/// "<question>/leadbook..." and "<question>/<baseline>...": both times, the
/// ratio by real time (what targets are about) and by CPU time (steadier on a
/// busy machine), and whether it meets `target(question)`. With
/// --benchmark_repetitions the median stands for a benchmark. A counter
/// "process_cpu_ms" (CPU time of every thread and child) replaces the
/// library's CPU time, which counts the benchmark's own thread only.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    struct Measured {
        double real = 0; ///< seconds per iteration
        double cpu = 0;
        bool from_median = false;
    };

    RatioReporter(std::string baseline, std::string title,
                  std::function<double(std::string_view question)> target)
        : ConsoleReporter(::isatty(STDOUT_FILENO) ? OO_Defaults : OO_Tabular),
          baseline_(std::move(baseline)), title_(std::move(title)), target_(std::move(target)) {}

    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& run : runs) {
            if (run.error_occurred) continue;
            const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
            if (run.run_type == Run::RT_Aggregate && !median) continue;
            auto& slot = measured_[run.run_name.str()];
            if (!median && slot.from_median) continue;
            const double unit = benchmark::GetTimeUnitMultiplier(run.time_unit);
            const auto process_cpu = run.counters.find("process_cpu_ms");
            slot = {run.GetAdjustedRealTime() / unit,
                    process_cpu != run.counters.end() ? process_cpu->second.value / 1000
                                                      : run.GetAdjustedCPUTime() / unit,
                    median};
        }
    }

    void Finalize() override {
        auto& out = GetOutputStream();
        out << "\nleadbook / " << title_ << ", per iteration\n  " << std::left << std::setw(34)
            << "question" << std::right << std::setw(12) << "leadbook" << std::setw(11)
            << "baseline" << std::setw(7) << "real" << std::setw(7) << "cpu"
            << "  target\n";
        for (const auto& [name, mine] : measured_) {
            const auto at = name.find("/leadbook");
            if (at == std::string::npos) continue;
            std::string baseline_name = name;
            baseline_name.replace(at, std::string_view("/leadbook").size(), "/" + baseline_);
            const auto base = measured_.find(baseline_name);
            if (base == measured_.end()) continue;
            const std::string question = name.substr(0, at);
            const double target = target_(question);
            const double real = mine.real / base->second.real;
            const double cpu = base->second.cpu > 0 ? mine.cpu / base->second.cpu : 0.0;
            const auto ms = [](double seconds) {
                std::ostringstream text;
                text << std::fixed << std::setprecision(seconds < 0.01 ? 3 : 1) << seconds * 1e3
                     << "ms";
                return text.str();
            };
            out << "  " << std::left << std::setw(34) << question << std::right << std::setw(12)
                << ms(mine.real) << std::setw(11) << ms(base->second.real) << std::fixed
                << std::setprecision(2) << std::setw(6) << real << "x" << std::setw(6) << cpu
                << "x  <= " << target << "x " << (real <= target ? "ok" : "MISSED") << "\n";
        }
        out.flush();
    }

    /// leadbook's measurement of `question`, or nullptr.
    const Measured* leadbook(std::string_view question) const {
        for (const auto& [name, m] : measured_)
            if (name.starts_with(std::string(question) + "/leadbook")) return &m;
        return nullptr;
    }

private:
    std::string baseline_;
    std::string title_;
    std::function<double(std::string_view)> target_;
    std::map<std::string, Measured> measured_;
};

/// Initializes Google Benchmark from the command line and runs what it
/// names: with `reporter` for the console format, with the library's own
/// reporter for another (--benchmark_format=json|csv). `prepare` runs after
/// the command line is read and before the benchmarks (registering them,
/// making their files); it may return a non-zero exit status. Returns the
/// exit status.
inline int run_benchmarks(int& argc, char** argv, RatioReporter& reporter,
                          const std::function<int()>& prepare = {}) {
    bool console = true;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg.starts_with("--benchmark_format=") && arg != "--benchmark_format=console")
            console = false;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    if (prepare)
        if (int status = prepare(); status != 0) return status;
    if (console)
        benchmark::RunSpecifiedBenchmarks(&reporter);
    else
        benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}

} // namespace leadbook::bench

// Fault injection in the manner of SQLite's own tests: for every N, the Nth
// read, write, sync or lock of an operation fails, or the power is cut at
// the Nth write or sync (writes not yet synced are lost). After each, the
// book reopens, check() finds nothing wrong, and the operation happened
// wholly or not at all.
//
// CTest runs a short sweep (about 16 values of N per operation and fault,
// spread over the whole range); LEADBOOK_FAULT_FULL=1 in the environment
// tries every N (docs/storage.md).
#include <leadbook/import.hpp>
#include <leadbook/leadbook.hpp>

#include "fault_vfs.hpp"
#include "test_support.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <sstream>

using namespace leadbook;
using test::Fault;
using test::FaultVfs;

namespace {

/// Every row of every table, in words, sorted; times of day left out (an
/// operation run twice stamps different ones).
std::string contents(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return "cannot open";
    }
    std::vector<std::string> tables;
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                       &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW)
        tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    sqlite3_finalize(s);
    std::string out;
    for (const auto& table : tables) {
        std::vector<std::string> rows;
        sqlite3_prepare_v2(db, ("SELECT * FROM \"" + table + "\"").c_str(), -1, &s, nullptr);
        while (sqlite3_step(s) == SQLITE_ROW) {
            std::string row;
            for (int i = 0; i < sqlite3_column_count(s); ++i) {
                const std::string column = sqlite3_column_name(s, i);
                if (column == "created_at" || column == "modified_at") continue;
                const auto* text = sqlite3_column_text(s, i);
                row += column + "=" + (text ? reinterpret_cast<const char*>(text) : "NULL") + ";";
            }
            rows.push_back(std::move(row));
        }
        sqlite3_finalize(s);
        std::sort(rows.begin(), rows.end());
        out += "[" + table + "]\n";
        for (const auto& row : rows) out += row + "\n";
    }
    sqlite3_close(db);
    return out;
}

/// The first line where `a` and `b` differ, for messages.
std::string first_difference(const std::string& a, const std::string& b) {
    std::istringstream x(a), y(b);
    std::string l, r;
    while (true) {
        const bool more_l = bool(std::getline(x, l)), more_r = bool(std::getline(y, r));
        if (!more_l && !more_r) return "(same)";
        if (!more_l || !more_r || l != r)
            return "'" + l.substr(0, 160) + "' vs '" + r.substr(0, 160) + "'";
    }
}

void copy_database(const std::string& from, const std::string& to) {
    namespace fs = std::filesystem;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(to + suffix);
    fs::copy_file(from, to);
}

/// One operation to break: run against a book made by `setup`.
struct Operation {
    std::string name;
    std::function<void(LeadBook&)> run;
};

/// A book of 60 leads (some with criteria met), a user and an account.
void setup(LeadBook& book) {
    auto ana = book.users().add({.name = "Ana Silva", .email = "ana@example.com"});
    std::vector<Lead> leads;
    for (int i = 0; i < 60; ++i) {
        Lead lead;
        lead.full_name = "Lead " + std::to_string(i);
        lead.company = i % 2 ? "Acme" : "Globex";
        lead.assigned_to = ana.id;
        lead.emails = {{"work", "lead" + std::to_string(i) + "@example.com"}};
        lead.notes = std::string(std::size_t(200 + i * 10), 'n');
        leads.push_back(lead);
    }
    auto ids = book.leads().add_many(leads);
    const auto criteria = book.criteria_of(RecordType::lead);
    for (std::size_t i = 0; i < ids.size(); i += 3) {
        Lead lead = book.leads().get(ids[i]);
        boost::json::array met{criteria.at(0).id, criteria.at(1 + i % (criteria.size() - 1)).id};
        book.leads().update(lead.id, lead.version, {{"criteria_met", met}});
    }
}

std::vector<Operation> operations() {
    return {
        {"import",
         [](LeadBook& book) {
             std::string csv = "full_name,company,emails.work,notes\n";
             for (int i = 0; i < 120; ++i)
                 csv += "Imported " + std::to_string(i) + ",Initech,imported" + std::to_string(i) +
                        "@example.com," + std::string(300, 'x') + "\n";
             std::istringstream in(csv);
             auto report = import_csv(book, in);
             // A row refused stops the import: nothing is stored.
             if (!report.committed)
                 fail(ErrorCode::internal, "the import stored nothing: " +
                                               (report.errors.empty() ? std::string("no errors")
                                                                      : report.errors[0].message));
         }},
        {"bulk_edit",
         [](LeadBook& book) {
             book.leads().bulk_edit(Selection::where({{"company", FilterOp::eq, "Acme"}}), "notes",
                                    boost::json::value(std::string(500, 'b')));
         }},
        {"convert_lead",
         [](LeadBook& book) {
             RecordQuery q;
             q.where.push_back({"full_name", FilterOp::eq, "Lead 3"});
             Lead lead = book.leads().find(q).next().value();
             book.convert_lead(lead.id, lead.version);
         }},
        {"criteria_edit",
         [](LeadBook& book) {
             auto criterion = book.criteria_of(RecordType::lead).at(0);
             book.criteria().update(criterion.id, criterion.version, {{"weight", "low"}});
         }},
    };
}

const char* fault_name(Fault f) {
    switch (f) {
    case Fault::read: return "read";
    case Fault::write: return "write";
    case Fault::sync: return "sync";
    case Fault::lock: return "lock";
    case Fault::power_cut: return "power cut";
    }
    return "?";
}

class FaultInjection : public ::testing::TestWithParam<int> {
protected:
    void SetUp() override {
        op_ = operations().at(std::size_t(GetParam()));
        base_ = dir_.file("base.db");
        {
            auto book = LeadBook::open(base_);
            setup(book);
        } // closing checkpoints: the base file is whole, without -wal
        before_ = contents(base_);
        const std::string done = dir_.file("done.db");
        copy_database(base_, done);
        {
            auto book = LeadBook::open(done);
            op_.run(book);
        }
        after_ = contents(done);
        ASSERT_NE(before_, after_) << op_.name << " changed nothing";
    }

    /// Runs the operation with `fault` armed at N = 1, 1 + stride, ...
    /// until it runs through without the fault happening.
    void sweep(Fault fault, bool full_sync = false) {
        auto& vfs = FaultVfs::get();
        const char* full = std::getenv("LEADBOOK_FAULT_FULL");
        const bool every_n = full && std::string(full) == "1";
        // How many operations of this kind the operation makes.
        const std::int64_t total = attempt(fault, std::int64_t(1) << 40, full_sync).count;
        ASSERT_GT(total, 0) << op_.name << " made no " << fault_name(fault);
        const std::int64_t stride = every_n ? 1 : std::max<std::int64_t>(1, total / 16);
        int fired = 0;
        for (std::int64_t n = 1;; n += stride) {
            const Attempt a = attempt(fault, n, full_sync);
            SCOPED_TRACE(op_.name + ": " + fault_name(fault) + " number " + std::to_string(n));
            if (a.fired) ++fired;
            // The book reopens and is whole.
            auto book = LeadBook::open(work());
            const auto report = book.check();
            EXPECT_TRUE(report.ok) << (report.problems.empty() ? "" : report.problems[0].message);
            const std::string now = contents(work());
            EXPECT_TRUE(now == before_ || now == after_)
                << "a partial " << op_.name << ": " << first_difference(now, before_) << " / "
                << first_difference(now, after_);
            if (a.succeeded && (fault != Fault::power_cut || full_sync)) {
                EXPECT_EQ(now, after_) << op_.name << " said it succeeded but is not stored";
            }
            if (!a.fired) break;
            if (::testing::Test::HasFailure()) break;
        }
        EXPECT_GT(fired, 0);
        (void)vfs;
    }

private:
    struct Attempt {
        bool fired = false;
        bool succeeded = false;
        std::int64_t count = 0;
    };

    std::string work() const { return dir_.file("work.db"); }

    Attempt attempt(Fault fault, std::int64_t n, bool full_sync) {
        auto& vfs = FaultVfs::get();
        copy_database(base_, work());
        Attempt a;
        {
            // A failing lock is retried until the busy timeout: keep it short.
            auto book = LeadBook::open(
                work(), {.busy_timeout_ms = 50, .full_sync = full_sync, .vfs = FaultVfs::name});
            vfs.arm(fault, n);
            try {
                op_.run(book);
                a.succeeded = true;
            } catch (const Error&) {
                // Any error will do: what matters is what is stored.
            }
            a.count = vfs.count();
            // A power cut after the operation returned: what was not synced
            // is lost.
            if (fault == Fault::power_cut && !vfs.fired()) vfs.cut_power();
            a.fired = vfs.fired() && !(fault == Fault::power_cut && a.succeeded);
        } // closed: after a power cut, nothing more reaches the disk
        vfs.disarm();
        return a;
    }

    test::TempDir dir_;
    Operation op_;
    std::string base_;
    std::string before_, after_;
};

} // namespace

TEST_P(FaultInjection, FailingReads) { sweep(Fault::read); }
TEST_P(FaultInjection, FailingWrites) { sweep(Fault::write); }
TEST_P(FaultInjection, FailingSyncs) { sweep(Fault::sync); }
TEST_P(FaultInjection, FailingLocks) { sweep(Fault::lock); }
TEST_P(FaultInjection, PowerCut) { sweep(Fault::power_cut); }
TEST_P(FaultInjection, PowerCutWithFullSync) { sweep(Fault::power_cut, true); }

INSTANTIATE_TEST_SUITE_P(Operations, FaultInjection, ::testing::Range(0, 4),
                         [](const ::testing::TestParamInfo<int>& info) {
                             return operations().at(std::size_t(info.param)).name;
                         });

// A file on a read-only medium opens read-only by itself: reads work,
// writes fail with read_only, and the file is unchanged.
TEST(ReadOnlyMedium, OpensReadOnlyAndRefusesWrites) {
    test::TempDir dir;
    const std::string path = dir.file("medium.db");
    Id id = 0;
    {
        auto book = LeadBook::open(path);
        id = book.leads().add({.full_name = "Jane Doe"}).id;
    }
    const auto bytes = test::read_file(path);
    auto& vfs = FaultVfs::get();
    vfs.set_read_only_medium(true);
    {
        auto book = LeadBook::open(path, {.vfs = FaultVfs::name});
        EXPECT_EQ(book.leads().get(id).full_name, "Jane Doe");
        test::expect_error(ErrorCode::read_only, "read-only",
                           [&] { book.leads().add({.full_name = "John Roe"}); });
        Lead jane = book.leads().get(id);
        test::expect_error(ErrorCode::read_only, "read-only", [&] {
            book.leads().update(id, jane.version, {{"company", "Acme"}});
        });
        EXPECT_EQ(book.leads().count(), 1);
    }
    vfs.set_read_only_medium(false);
    EXPECT_EQ(test::read_file(path), bytes);
}

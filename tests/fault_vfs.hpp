// A SQLite VFS for tests that wraps the default one and injects faults, in
// the manner of SQLite's own test VFSes: the Nth read, write, sync or lock
// fails; or a power cut, after which writes not yet synced are gone.
//
//   auto& vfs = test::FaultVfs::get();          // registered as FaultVfs::name
//   auto book = LeadBook::open(path, {.vfs = test::FaultVfs::name});
//   vfs.arm(test::Fault::write, 3);             // the 3rd write from now fails
//
// Used by one thread at a time.
#pragma once

#include <cstdint>
#include <string>

namespace leadbook::test {

enum class Fault {
    read,  ///< xRead fails with SQLITE_IOERR_READ
    write, ///< xWrite fails with SQLITE_IOERR_WRITE
    sync,  ///< xSync fails with SQLITE_IOERR_FSYNC
    lock,  ///< xLock or xShmLock fails with SQLITE_IOERR_LOCK / _SHMLOCK
    /// Writes and truncations are kept in memory until the file is synced;
    /// the Nth write, truncation or sync cuts the power instead: what was
    /// not synced is dropped, and every later write, sync, truncation or
    /// delete fails, as on a machine that has stopped.
    power_cut,
};

class FaultVfs {
public:
    static constexpr const char* name = "leadbook-fault";
    /// The one instance, registered with SQLite (not as the default) on
    /// first use.
    static FaultVfs& get();

    /// From now on, count operations of `kind`; the `n`th (1-based) fails.
    /// Other kinds pass. Faults other than power_cut are transient: the
    /// operations after the failing one succeed.
    void arm(Fault kind, std::int64_t n);
    /// Back to passing everything through; writes held for a power cut
    /// that did not happen are written.
    void disarm();
    /// Cuts the power now (power_cut armed): unsynced writes are dropped.
    void cut_power();
    /// Whether the armed fault has happened.
    bool fired() const { return fired_; }
    /// Operations of the armed kind seen since arm().
    std::int64_t count() const { return count_; }

    /// Files opened from now on behave as on a read-only medium: SQLite is
    /// told the main database file was opened read-only.
    void set_read_only_medium(bool on) { read_only_medium_ = on; }
    bool read_only_medium() const { return read_only_medium_; }

    // Used by the VFS's functions.
    /// Counts an operation of `kind`; true when it must fail.
    bool hit(Fault kind);
    bool armed(Fault kind) const { return armed_ && kind_ == kind; }
    bool dead() const { return dead_; }

private:
    FaultVfs() = default;
    bool armed_ = false;
    Fault kind_ = Fault::read;
    std::int64_t n_ = 0;
    std::int64_t count_ = 0;
    bool fired_ = false;
    bool dead_ = false;
    bool read_only_medium_ = false;
};

} // namespace leadbook::test

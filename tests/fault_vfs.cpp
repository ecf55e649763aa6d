// The fault-injecting test VFS (fault_vfs.hpp).
#include "fault_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <stdexcept>
#include <vector>

namespace leadbook::test {

namespace {

/// A write or truncation held in memory until the file is synced.
struct Held {
    bool truncate = false;
    sqlite3_int64 offset = 0; ///< where a write starts; a truncation's size
    std::vector<unsigned char> data;
};

struct FaultFile {
    sqlite3_file base;
    sqlite3_file* real; ///< the default VFS's file, allocated after this struct
    std::vector<Held>* held;
};

sqlite3_vfs* real_vfs = nullptr;
std::set<FaultFile*> open_files;

FaultFile* as_fault(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f); }

int real_size(FaultFile* f, sqlite3_int64* size) {
    return f->real->pMethods->xFileSize(f->real, size);
}

/// Writes what the file holds to the real file (no sync).
int apply_held(FaultFile* f) {
    int rc = SQLITE_OK;
    for (const Held& h : *f->held) {
        rc = h.truncate
                 ? f->real->pMethods->xTruncate(f->real, h.offset)
                 : f->real->pMethods->xWrite(f->real, h.data.data(), int(h.data.size()), h.offset);
        if (rc != SQLITE_OK) break;
    }
    f->held->clear();
    return rc;
}

int x_close(sqlite3_file* file) {
    FaultFile* f = as_fault(file);
    // Closed before any power cut: what it holds goes to the real file (an
    // operating system would write it back in time). After a cut: nothing.
    if (!FaultVfs::get().dead()) apply_held(f);
    open_files.erase(f);
    delete f->held;
    int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
    return rc;
}

int x_read(sqlite3_file* file, void* buffer, int amount, sqlite3_int64 offset) {
    FaultFile* f = as_fault(file);
    auto& vfs = FaultVfs::get();
    if (vfs.hit(Fault::read)) return SQLITE_IOERR_READ;
    int rc = f->real->pMethods->xRead(f->real, buffer, amount, offset);
    if (f->held->empty()) return rc;
    if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) return rc;
    // Lay what the file holds over what the disk has.
    sqlite3_int64 size = 0;
    if (real_size(f, &size) != SQLITE_OK) return SQLITE_IOERR_READ;
    auto* out = static_cast<unsigned char*>(buffer);
    const sqlite3_int64 end = offset + amount;
    for (const Held& h : *f->held) {
        if (h.truncate) {
            size = h.offset;
            if (size < end) {
                const sqlite3_int64 from = std::max(size, offset);
                std::memset(out + (from - offset), 0, std::size_t(end - from));
            }
            continue;
        }
        const sqlite3_int64 h_end = h.offset + sqlite3_int64(h.data.size());
        size = std::max(size, h_end);
        const sqlite3_int64 from = std::max(h.offset, offset), to = std::min(h_end, end);
        if (from < to)
            std::memcpy(out + (from - offset), h.data.data() + (from - h.offset),
                        std::size_t(to - from));
    }
    if (size < end) {
        const sqlite3_int64 from = std::max(size, offset);
        std::memset(out + (from - offset), 0, std::size_t(end - from));
        return SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
}

int x_write(sqlite3_file* file, const void* buffer, int amount, sqlite3_int64 offset) {
    FaultFile* f = as_fault(file);
    auto& vfs = FaultVfs::get();
    if (vfs.dead() || vfs.hit(Fault::write) || vfs.hit(Fault::power_cut)) return SQLITE_IOERR_WRITE;
    if (vfs.armed(Fault::power_cut)) {
        const auto* p = static_cast<const unsigned char*>(buffer);
        f->held->push_back(Held{false, offset, std::vector<unsigned char>(p, p + amount)});
        return SQLITE_OK;
    }
    return f->real->pMethods->xWrite(f->real, buffer, amount, offset);
}

int x_truncate(sqlite3_file* file, sqlite3_int64 size) {
    FaultFile* f = as_fault(file);
    auto& vfs = FaultVfs::get();
    if (vfs.dead() || vfs.hit(Fault::power_cut)) return SQLITE_IOERR_TRUNCATE;
    if (vfs.armed(Fault::power_cut)) {
        f->held->push_back(Held{true, size, {}});
        return SQLITE_OK;
    }
    return f->real->pMethods->xTruncate(f->real, size);
}

int x_sync(sqlite3_file* file, int flags) {
    FaultFile* f = as_fault(file);
    auto& vfs = FaultVfs::get();
    if (vfs.dead() || vfs.hit(Fault::sync) || vfs.hit(Fault::power_cut)) return SQLITE_IOERR_FSYNC;
    if (int rc = apply_held(f); rc != SQLITE_OK) return rc;
    return f->real->pMethods->xSync(f->real, flags);
}

int x_file_size(sqlite3_file* file, sqlite3_int64* size) {
    FaultFile* f = as_fault(file);
    int rc = real_size(f, size);
    if (rc != SQLITE_OK) return rc;
    for (const Held& h : *f->held)
        *size = h.truncate ? h.offset : std::max(*size, h.offset + sqlite3_int64(h.data.size()));
    return SQLITE_OK;
}

int x_lock(sqlite3_file* file, int level) {
    if (FaultVfs::get().hit(Fault::lock)) return SQLITE_IOERR_LOCK;
    return as_fault(file)->real->pMethods->xLock(as_fault(file)->real, level);
}
int x_unlock(sqlite3_file* file, int level) {
    return as_fault(file)->real->pMethods->xUnlock(as_fault(file)->real, level);
}
int x_check_reserved_lock(sqlite3_file* file, int* out) {
    return as_fault(file)->real->pMethods->xCheckReservedLock(as_fault(file)->real, out);
}
int x_file_control(sqlite3_file* file, int op, void* arg) {
    return as_fault(file)->real->pMethods->xFileControl(as_fault(file)->real, op, arg);
}
int x_sector_size(sqlite3_file* file) {
    return as_fault(file)->real->pMethods->xSectorSize(as_fault(file)->real);
}
int x_device_characteristics(sqlite3_file* file) {
    return as_fault(file)->real->pMethods->xDeviceCharacteristics(as_fault(file)->real);
}
int x_shm_map(sqlite3_file* file, int page, int size, int extend, void volatile** out) {
    return as_fault(file)->real->pMethods->xShmMap(as_fault(file)->real, page, size, extend, out);
}
int x_shm_lock(sqlite3_file* file, int offset, int n, int flags) {
    if (FaultVfs::get().hit(Fault::lock)) return SQLITE_IOERR_SHMLOCK;
    return as_fault(file)->real->pMethods->xShmLock(as_fault(file)->real, offset, n, flags);
}
void x_shm_barrier(sqlite3_file* file) {
    as_fault(file)->real->pMethods->xShmBarrier(as_fault(file)->real);
}
int x_shm_unmap(sqlite3_file* file, int delete_flag) {
    return as_fault(file)->real->pMethods->xShmUnmap(as_fault(file)->real, delete_flag);
}

// Version 2: shared memory for WAL, no memory-mapped reads (which would go
// around xRead).
const sqlite3_io_methods io_methods = {2,
                                       x_close,
                                       x_read,
                                       x_write,
                                       x_truncate,
                                       x_sync,
                                       x_file_size,
                                       x_lock,
                                       x_unlock,
                                       x_check_reserved_lock,
                                       x_file_control,
                                       x_sector_size,
                                       x_device_characteristics,
                                       x_shm_map,
                                       x_shm_lock,
                                       x_shm_barrier,
                                       x_shm_unmap,
                                       nullptr,
                                       nullptr};

int x_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    FaultFile* f = as_fault(file);
    f->base.pMethods = nullptr;
    f->real = reinterpret_cast<sqlite3_file*>(f + 1);
    if (FaultVfs::get().read_only_medium() && (flags & SQLITE_OPEN_MAIN_DB)) {
        // What SQLite's unix VFS does when open(O_RDWR) fails with EROFS.
        flags &= ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        flags |= SQLITE_OPEN_READONLY;
    }
    int got = 0;
    int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, &got);
    if (out_flags) *out_flags = got;
    if (rc != SQLITE_OK) return rc;
    f->held = new std::vector<Held>();
    open_files.insert(f);
    f->base.pMethods = &io_methods;
    return SQLITE_OK;
}

int x_delete(sqlite3_vfs*, const char* name, int sync_dir) {
    if (FaultVfs::get().dead()) return SQLITE_IOERR_DELETE;
    return real_vfs->xDelete(real_vfs, name, sync_dir);
}
int x_access(sqlite3_vfs*, const char* name, int flags, int* out) {
    return real_vfs->xAccess(real_vfs, name, flags, out);
}
int x_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
    return real_vfs->xFullPathname(real_vfs, name, size, out);
}
void* x_dl_open(sqlite3_vfs*, const char* name) { return real_vfs->xDlOpen(real_vfs, name); }
void x_dl_error(sqlite3_vfs*, int size, char* out) { real_vfs->xDlError(real_vfs, size, out); }
void (*x_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
    return real_vfs->xDlSym(real_vfs, handle, symbol);
}
void x_dl_close(sqlite3_vfs*, void* handle) { real_vfs->xDlClose(real_vfs, handle); }
int x_randomness(sqlite3_vfs*, int size, char* out) {
    return real_vfs->xRandomness(real_vfs, size, out);
}
int x_sleep(sqlite3_vfs*, int micros) { return real_vfs->xSleep(real_vfs, micros); }
int x_current_time(sqlite3_vfs*, double* out) { return real_vfs->xCurrentTime(real_vfs, out); }
int x_get_last_error(sqlite3_vfs*, int size, char* out) {
    return real_vfs->xGetLastError ? real_vfs->xGetLastError(real_vfs, size, out) : 0;
}
int x_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
    return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

sqlite3_vfs fault_vfs;

} // namespace

FaultVfs& FaultVfs::get() {
    static FaultVfs instance;
    static const bool registered = [] {
        real_vfs = sqlite3_vfs_find(nullptr);
        if (!real_vfs) throw std::runtime_error("SQLite has no default VFS");
        fault_vfs = sqlite3_vfs{2,
                                int(sizeof(FaultFile)) + real_vfs->szOsFile,
                                real_vfs->mxPathname,
                                nullptr,
                                name,
                                nullptr,
                                x_open,
                                x_delete,
                                x_access,
                                x_full_pathname,
                                x_dl_open,
                                x_dl_error,
                                x_dl_sym,
                                x_dl_close,
                                x_randomness,
                                x_sleep,
                                x_current_time,
                                x_get_last_error,
                                x_current_time_int64,
                                nullptr,
                                nullptr,
                                nullptr};
        if (sqlite3_vfs_register(&fault_vfs, 0) != SQLITE_OK)
            throw std::runtime_error("cannot register the fault VFS");
        return true;
    }();
    (void)registered;
    return instance;
}

void FaultVfs::arm(Fault kind, std::int64_t n) {
    armed_ = true;
    kind_ = kind;
    n_ = n;
    count_ = 0;
    fired_ = false;
    dead_ = false;
}

void FaultVfs::disarm() {
    if (!dead_)
        for (FaultFile* f : open_files) apply_held(f);
    else
        for (FaultFile* f : open_files) f->held->clear();
    armed_ = false;
    dead_ = false;
}

void FaultVfs::cut_power() {
    for (FaultFile* f : open_files) f->held->clear();
    fired_ = true;
    dead_ = true;
}

bool FaultVfs::hit(Fault kind) {
    if (!armed_ || kind_ != kind || dead_) return false;
    if (++count_ != n_) return false;
    if (kind == Fault::power_cut)
        cut_power();
    else
        fired_ = true;
    return true;
}

} // namespace leadbook::test

#include "file_output.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace leadbook::detail {
namespace {

namespace fs = std::filesystem;

std::string in_quotes(const std::string& path) { return "'" + path + "'"; }

/// What a file that is not a regular one is, for messages.
const char* kind_of(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

/// `path` with every symbolic link in its last part followed: the file a
/// write through `path` would reach. A link to nothing gives the path it
/// points to.
std::string follow_links(const std::string& path) {
    std::string current = path;
    for (int hops = 0; hops < 40; ++hops) {
        struct stat st {};
        if (::lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return current;
        std::error_code ec;
        const fs::path link = fs::read_symlink(current, ec);
        if (ec)
            fail(ErrorCode::not_found,
                 "cannot read the link " + in_quotes(path) + ": " + ec.message());
        current =
            link.is_absolute() ? link.string() : (fs::path(current).parent_path() / link).string();
    }
    fail(ErrorCode::validation,
         "cannot write the file " + in_quotes(path) + ": too many symbolic links");
}

std::string random_suffix() {
    static constexpr char letters[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    thread_local std::mt19937 engine{std::random_device{}()};
    std::uniform_int_distribution<std::size_t> pick(0, sizeof letters - 2);
    std::string out(6, ' ');
    for (char& c : out) c = letters[pick(engine)];
    return out;
}

/// Writes all of `size` bytes, retrying after signals; false on an error.
bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

/// Flushes a directory's entries (a rename in it) to disk, as far as the
/// file system allows.
void sync_directory(const std::string& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

OutputFile::OutputFile(const std::string& path) : path_(path), target_(follow_links(path)) {
    struct stat st {};
    const bool exists = ::lstat(target_.c_str(), &st) == 0;
    if (exists && !S_ISREG(st.st_mode))
        fail(ErrorCode::validation, "cannot write the file " + in_quotes(path_) + ": it is " +
                                        kind_of(st.st_mode) +
                                        "; exports and reports are written only to regular files");
    in_place_ = exists && st.st_nlink > 1;

    std::string directory = fs::path(target_).parent_path().string();
    if (directory.empty()) directory = ".";
    int error = 0;
    for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
        std::string name = (fs::path(directory) / (".lb-" + random_suffix())).string();
        fd_ = ::open(name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, exists ? 0600 : 0666);
        if (fd_ >= 0)
            temporary_ = std::move(name);
        else if ((error = errno) != EEXIST)
            break;
    }
    if (fd_ < 0)
        fail(ErrorCode::not_found, "cannot write the file " + in_quotes(path_) +
                                       ": cannot create it (" + std::strerror(error) + ")");
    if (exists && !in_place_) {
        // Owner first: changing it may clear set-user-id bits the mode restores.
        if (st.st_uid != ::geteuid() || st.st_gid != ::getegid()) {
            if (::fchown(fd_, st.st_uid, st.st_gid) != 0)
                (void)!::fchown(fd_, static_cast<uid_t>(-1), st.st_gid);
        }
        (void)::fchmod(fd_, st.st_mode & 07777);
    }
    out_.open(temporary_, std::ios::binary | std::ios::trunc);
    if (!out_) {
        ::close(fd_);
        fd_ = -1;
        ::unlink(temporary_.c_str());
        fail(ErrorCode::not_found,
             "cannot write the file " + in_quotes(path_) + ": cannot create it");
    }
}

OutputFile::~OutputFile() {
    if (out_.is_open()) out_.close();
    if (fd_ >= 0) ::close(fd_);
    if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

void OutputFile::commit() {
    out_.close();
    if (!out_) fail(ErrorCode::storage, "cannot write the file " + in_quotes(path_));
    if (::fsync(fd_) != 0)
        fail(ErrorCode::storage,
             "cannot write the file " + in_quotes(path_) + ": " + std::strerror(errno));
    if (!in_place_) {
        if (::rename(temporary_.c_str(), target_.c_str()) != 0)
            fail(ErrorCode::not_found,
                 "cannot replace " + in_quotes(path_) + ": " + std::strerror(errno));
        temporary_.clear();
        std::string directory = fs::path(target_).parent_path().string();
        sync_directory(directory.empty() ? "." : directory);
        return;
    }
    // Several names share the file: rewrite its bytes so that all of them
    // see the new content. Non-blocking, and checked again once open, in
    // case something else took the name since.
    const int target = ::open(target_.c_str(), O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    if (target < 0)
        fail(ErrorCode::not_found,
             "cannot write the file " + in_quotes(path_) + ": " + std::strerror(errno));
    struct stat st {};
    bool ok = ::fstat(target, &st) == 0 && S_ISREG(st.st_mode) && ::ftruncate(target, 0) == 0 &&
              ::lseek(fd_, 0, SEEK_SET) == 0;
    char buffer[1 << 16];
    while (ok) {
        const ssize_t n = ::read(fd_, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        ok = write_all(target, buffer, static_cast<std::size_t>(n));
    }
    ok = ok && ::fsync(target) == 0;
    const int error = errno;
    ::close(target);
    if (!ok)
        fail(ErrorCode::storage,
             "cannot write the file " + in_quotes(path_) + ": " + std::strerror(error));
}

} // namespace leadbook::detail

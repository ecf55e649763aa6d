// Writing an output file (an export, a report) so that a failure leaves
// the file as it was, and the file stays what it was: its mode, its owner,
// its links.
//
// The rules, for the path a caller names:
// - a regular file (or no file yet) is replaced atomically: the bytes go to
//   a new file `.lb-XXXXXX` in the same directory, which is flushed to disk
//   (fsync) and renamed over the path only when everything was written. The
//   new file gets the old one's mode and, where the process may set it, its
//   owner and group; a new file gets the mode of any new file (0666 less the
//   umask). The temporary name is short, so names up to the file system's
//   longest (255 bytes) work;
// - a symbolic link is followed (through any chain of links) and its target
//   is replaced as above; the link stays a link. A link to nothing creates
//   its target;
// - a regular file with more than one hard link is written in place, after
//   the whole output was first written to a temporary file: every name of
//   the file sees the new bytes, and a failure while producing the output
//   (a bad query, bad options) still leaves the file alone; only a disk
//   failing during the final copy can leave it partly written;
// - anything that is not a regular file (a device such as /dev/null, a FIFO,
//   a socket, a directory) is refused with ErrorCode::validation naming what
//   it is, and is neither opened nor changed.
#pragma once

#include <leadbook/error.hpp>

#include <fstream>
#include <string>

namespace leadbook::detail {

/// An output file being written: where the bytes go until commit().
class OutputFile {
public:
    /// Resolves `path` by the rules above and creates the temporary file.
    /// ErrorCode::validation for a path that is not a regular file,
    /// ErrorCode::not_found if the file cannot be created there.
    explicit OutputFile(const std::string& path);
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    /// Removes the temporary file if commit() was not reached.
    ~OutputFile();

    /// The stream to write the output to.
    std::ostream& stream() { return out_; }

    /// Flushes the output to disk and puts it in place (rename, or copy into
    /// a file with several hard links). ErrorCode::storage if it cannot.
    void commit();

private:
    std::string path_;      // as the caller named it, for messages
    std::string target_;    // after following symbolic links
    std::string temporary_; // the new file, empty once it is gone
    int fd_ = -1;           // the temporary file, kept open for fsync
    bool in_place_ = false; // several hard links: copy into target_
    std::ofstream out_;
};

/// Runs write(out) on a new output file for `path` and puts it in place
/// when it succeeds, returning what write returned. A failed write (bad
/// options or query, a full disk) leaves an existing file as it was and
/// creates none. See the rules at the top of this file.
template <class Write> auto write_file_replacing(const std::string& path, Write&& write) {
    OutputFile file(path);
    auto result = write(file.stream());
    file.commit();
    return result;
}

} // namespace leadbook::detail

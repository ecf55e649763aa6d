// Writing an output file (an export, a report) so that a failure leaves
// the file as it was: the bytes go to a new file next to it, which replaces
// it only when everything was written.
#pragma once

#include <leadbook/error.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <system_error>

namespace leadbook::detail {

/// Runs write(out) on a new file next to `path` and renames it to `path`
/// when it succeeds, returning what write returned. A failed write (bad
/// options or query, a full disk) leaves an existing file as it was and
/// creates none. ErrorCode::not_found if the file cannot be created there.
template <class Write> auto write_file_replacing(const std::string& path, Write&& write) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    fs::path partial = target;
    partial += ".partial-" + std::to_string(std::random_device{}());
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) fail(ErrorCode::not_found, "cannot write the file '" + path + "': cannot create it");
    try {
        auto result = write(out);
        out.close();
        if (!out) fail(ErrorCode::storage, "cannot write the file '" + path + "'");
        std::error_code ec;
        fs::rename(partial, target, ec);
        if (ec) fail(ErrorCode::not_found, "cannot replace '" + path + "': " + ec.message());
        return result;
    } catch (...) {
        out.close();
        std::error_code ignored;
        fs::remove(partial, ignored);
        throw;
    }
}

} // namespace leadbook::detail

// What every fuzz target checks besides "no crash": findings abort.
#pragma once

#include <leadbook/values.hpp>

#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition);     \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)

/// Everything leadbook hands out as text must be UTF-8.
inline bool utf8(std::string_view text) { return leadbook::is_valid_utf8(text); }

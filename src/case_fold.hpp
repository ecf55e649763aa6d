// case_fold.hpp: Unicode case folding, for names that are unique without
// regard to case.
//
// fold_case applies the full case folding of Unicode's CaseFolding.txt (its
// C and F mappings; the table is generated at configure time from the copy
// the Debian package unicode-data installs, see cmake/case_folding.cmake):
// "Ünïcödé" and "ÜNÏCÖDÉ" fold to the same text, and so do "Straße" and
// "STRASSE". It does not normalize: a precomposed "é" and "e" followed by a
// combining accent stay different. Bytes that are not UTF-8 are kept as
// they are.
#pragma once

#include <string>
#include <string_view>

namespace leadbook::detail {

/// `text` with every character replaced by its full case folding.
std::string fold_case(std::string_view text);

/// Whether `a` and `b` are the same text without regard to case.
bool same_without_case(std::string_view a, std::string_view b);

/// `text` without accents: each character with a canonical decomposition
/// in UnicodeData.txt becomes its base character ("é" -> "e", "Å" -> "A"),
/// and nonspacing marks (a combining accent) are dropped. Generated from
/// UnicodeData.txt (cmake/accents.cmake). Bytes that are not UTF-8 are kept.
std::string strip_accents(std::string_view text);

/// The code points of UTF-8 `text`; a byte that is not UTF-8 counts as one.
std::u32string code_points(std::string_view text);

} // namespace leadbook::detail

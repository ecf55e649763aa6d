// lead_fields.hpp: what a column (or vCard property) fills in a lead, and
// building a Lead from such values.
//
// Targets are written like the JSON fields of a Lead, and which ones exist
// is derived from the Lead's Boost.Describe description, never listed:
//   company, job_title, notes, ...        a text field
//   first_name, middle_name, last_name    parts of full_name, when no column gives it
//   emails.work, phones.mobile            an entry of a labelled list (its value)
//   addresses.home.city                   one part of such an entry
//   emails.email#2.label                  the label of entry "email#2" (the
//                                         part after '#' only keeps entries apart)
//   custom.Region                         a custom field
// LeadBuilder collects (target, value) pairs of one row and fills a Lead
// with them directly (every value is text, so nothing the JSON layer would
// check can go wrong).
#pragma once

#include <leadbook/activities.hpp>
#include <leadbook/types.hpp>

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace leadbook::formats {

struct FieldTarget {
    enum class Kind { ignore, text, name_part, list, custom };
    Kind kind = Kind::ignore;
    std::string field;  ///< text: "company"; list: "emails"; custom: the custom field's name
    int name_part = 0;  ///< 0 first, 1 middle, 2 last
    std::string slot;   ///< list: which entry ("business", "email#2")
    std::string member; ///< list: the entry's member ("address", "city", "label")

    /// The target as text ("emails.business"); "" for ignore.
    std::string text() const;
};

/// Parses a target; throws Error(validation) naming it and listing the
/// targets there are. "" and "ignore" ignore the column.
FieldTarget parse_target(std::string_view text);
/// The same, nullopt instead of throwing.
std::optional<FieldTarget> try_parse_target(std::string_view text);

FieldTarget text_target(std::string field);
FieldTarget list_target(std::string list, std::string slot, std::string member = {});
FieldTarget custom_target(std::string name);

/// What a cell gives a user-defined field: a value, nothing (an empty date
/// as Outlook writes it), or why it cannot be one (`problem`).
struct CustomCell {
    std::optional<CustomValue> value;
    std::string problem;
};

/// Reads `text` as a value of the user-defined field `definition`, the way
/// spreadsheets and address books write them:
///   number     1200, -3.5, 1,200.50, 1.200,50, 1 200,5: of '.' and ',' the
///              last is the decimal point; a lone ',' or '.' is one too,
///              unless exactly three digits follow a ',' (1,200 is 1200)
///   date       2026-03-01; 3/1/2026 (month first, as Outlook and US Excel
///              write); 1.3.2026 (day first); a time after a space is
///              ignored; 0/0/00, Outlook's empty date, is no value
///   yes_no     yes/no, true/false, y/n, 1/0, in any case
///   pick_list  one of the choices in any case, stored as the choice is spelt
///   text       as it is
CustomCell custom_cell(const FieldDefinition& definition, std::string_view text);

/// A problem with the value from `source` (a column index, a property index).
struct FieldProblem {
    int source = -1; ///< -1: not about one value
    std::string reason;
};

class LeadBuilder {
public:
    void clear();
    /// Adds a value (trimmed; empty values are ignored). `source` is what
    /// problems are reported against.
    void add(const FieldTarget& target, std::string_view value, int source);
    /// Which source to blame when the lead has no name.
    void set_name_source(int source) { name_source_ = source; }
    /// Values separated by " ::: " in one cell become separate list entries
    /// (Google Contacts writes several addresses in one cell that way).
    void set_split_lists(bool split) { split_lists_ = split; }
    /// The user-defined fields of leads: a custom value whose name is one
    /// of theirs (in any case) is read by custom_cell and stored under the
    /// defined name. Kept by clear().
    void set_field_definitions(std::vector<FieldDefinition> definitions) {
        definitions_ = std::move(definitions);
    }

    /// The lead, or nullopt with `problems` (a missing name, invalid e-mail
    /// addresses, values user-defined fields cannot take).
    std::optional<Lead> build(std::vector<FieldProblem>& problems) const;

    /// The work of add() since clear(): one step per value and per list
    /// entry looked at to find where a value goes. Grows with the number
    /// of values, not their square (tests count it instead of timing).
    std::uint64_t steps() const noexcept { return steps_; }

private:
    struct Entry {
        std::string list, slot, label;
        std::vector<std::pair<std::string, std::string>> members;
        int source = -1; ///< of the entry's value
    };
    Entry& entry(const std::string& list, const std::string& slot);

    std::vector<std::pair<std::string, std::string>> text_;
    std::string name_parts_[3];
    struct Custom {
        std::string name, value;
        int source = -1;
    };
    /// The custom values, read by their definitions; problems go to `problems`.
    CustomFields custom_fields(std::vector<FieldProblem>& problems) const;

    /// In the order they were first named; a deque, so that an entry
    /// stays where it is while others are added.
    std::deque<Entry> entries_;
    /// Each entry by its list and slot ("emails\x1fwork#3"): one look-up
    /// per value, however many entries a card or row has.
    std::unordered_map<std::string, std::size_t> entry_index_;
    std::uint64_t steps_ = 0;
    std::vector<Custom> custom_;
    std::unordered_set<std::string> custom_names_; ///< of custom_

    std::vector<FieldDefinition> definitions_;
    int name_source_ = -1;
    bool split_lists_ = false;
};

/// "Ana Maria da Silva" -> {"Ana", "Maria da", "Silva"}: the first word,
/// the words between, the last word (one word is a first name). Joining the
/// non-empty parts with spaces gives the name back, spaces collapsed.
std::array<std::string, 3> split_full_name(std::string_view full_name);

/// The text member of `lead` with this JSON name, or nullptr.
const std::string* lead_text_field(const Lead& lead, std::string_view name);

/// The member of list entries that holds the value ("address" for emails);
/// "" for lists whose entries have several parts (addresses).
std::string_view list_value_member(std::string_view list);

} // namespace leadbook::formats

// leadbook/pick_lists.hpp: the pick lists of leads and business contacts.
//
//   for (const auto& entry : book.pick_list(RecordType::lead, PickList::rating))
//       std::cout << entry.name << '\n';                       // Hot, Warm, Cold
//   book.pick_lists().add({.record_type = RecordType::lead,
//                          .list = PickList::source, .name = "Webinar"});
//
// Each record type has its own rating list (Hot, Warm, Cold by default) and
// source list. A record's rating must be an entry of its type's rating list
// (any case; stored as typed, since finds compare a rating byte for byte).
// A source that is not in the list (in any case) joins it, at the end.
// Renaming an entry renames it on every record that holds
// it (each such record gets a new version) and in the filters of saved
// reports on those records, in the same transaction; deleting an entry in
// use is refused unless LeadBook::delete_pick_list_entry names a
// replacement (which the records and saved reports take). Entries are
// unique per list, ignoring case (ErrorCode::conflict).
#pragma once

#include <leadbook/scoring.hpp>
#include <leadbook/types.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace leadbook {

/// The lists of a lead or business contact's pick-list fields, named as
/// those fields are.
enum class PickList { rating, source };
BOOST_DESCRIBE_ENUM(PickList, rating, source)

/// One entry of a pick list.
struct PickListEntry {
    Id id = 0;
    RecordType record_type = RecordType::lead; ///< fixed once created
    PickList list = PickList::source;          ///< fixed once created
    std::string name;                          ///< required, unique per list (any case)
    /// Where the entry stands in its list (lowest first). A new entry goes
    /// to the end whatever is given; LeadBook::reorder_pick_list reorders.
    std::int32_t position = 0;
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(PickListEntry, (),
                      (id, record_type, list, name, position, created_at, modified_at, modified_by,
                       version))

} // namespace leadbook

// leadbook/activities.hpp: what happens around records: communication
// history, opportunities (with their sales stages), and the definitions of
// user-defined fields. Each type is described once, like the records.
//
// Ids of records, history items and opportunities share one sequence, so a
// history item links to any record, account or opportunity by id alone.
#pragma once

#include <leadbook/types.hpp>

#include <array>
#include <string_view>

namespace leadbook {

enum class HistoryKind { business_note, phone_log, appointment, task, email, file };
BOOST_DESCRIBE_ENUM(HistoryKind, business_note, phone_log, appointment, task, email, file)

enum class CallDirection { incoming, outgoing };
BOOST_DESCRIBE_ENUM(CallDirection, incoming, outgoing)

enum class TaskStatus { not_started, in_progress, completed, waiting, deferred };
BOOST_DESCRIBE_ENUM(TaskStatus, not_started, in_progress, completed, waiting, deferred)

enum class Priority { low, normal, high };
BOOST_DESCRIBE_ENUM(Priority, low, normal, high)

/// A communication history entry, linked to one or more records. The
/// fields after `occurred_at` belong to one kind each (a phone log's
/// direction, an appointment's start...); setting a field of another kind
/// is an error. Unlinking the last record deletes a business note or a
/// phone log; appointments, tasks, e-mails and files stay.
struct HistoryItem {
    Id id = 0;
    HistoryKind kind = HistoryKind::business_note; ///< fixed once created
    std::string subject;
    std::string body;
    std::vector<Id> links; ///< records, accounts, opportunities; at least one
    Timestamp occurred_at; ///< when it happened; history lists newest first
    // phone_log
    std::optional<CallDirection> direction;
    std::optional<std::int64_t> duration; ///< seconds
    // appointment
    std::optional<Timestamp> start;
    std::optional<Timestamp> end;
    std::string location;
    // task
    std::optional<Date> due_date;
    std::optional<TaskStatus> status;
    std::optional<Priority> priority;
    std::optional<std::int32_t> percent_complete; ///< 0 to 100
    // email
    std::string from;
    std::string to;
    std::optional<Timestamp> sent_at;
    std::string message_id;
    // file
    std::string file_name;
    std::optional<std::int64_t> file_size;
    std::string media_type;
    std::string file_path;
    Bytes file_bytes;
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(HistoryItem, (),
                      (id, kind, subject, body, links, occurred_at, direction, duration, start, end,
                       location, due_date, status, priority, percent_complete, from, to, sent_at,
                       message_id, file_name, file_size, media_type, file_path, file_bytes,
                       created_at, modified_at, modified_by, version))

/// The fields of HistoryItem that belong to one kind only (the fields of
/// other kinds must stay empty in an item): the one list of them, which the
/// rules check items against.
struct HistoryKindFields {
    HistoryKind kind;
    std::array<std::string_view, 5> fields; ///< JSON names; "" pads
};
inline constexpr HistoryKindFields history_kind_fields[] = {
    {HistoryKind::phone_log, {"direction", "duration"}},
    {HistoryKind::appointment, {"start", "end", "location"}},
    {HistoryKind::task, {"due_date", "status", "priority", "percent_complete"}},
    {HistoryKind::email, {"from", "to", "sent_at", "message_id"}},
    {HistoryKind::file, {"file_name", "file_size", "media_type", "file_path", "file_bytes"}},
};

/// A line of an opportunity. `total` is computed: quantity x unit_price,
/// less the discount, rounded half up to the minor unit.
struct LineItem {
    std::string item;
    std::int64_t quantity = 1;
    Money unit_price;
    Percent discount;
    Money total;
    bool operator==(const LineItem&) const = default;
};
BOOST_DESCRIBE_STRUCT(LineItem, (), (item, quantity, unit_price, discount, total))

enum class OpportunityStatus { open, won, lost };
BOOST_DESCRIBE_ENUM(OpportunityStatus, open, won, lost)

/// Products and services a lead, contact or account is interested in.
/// `total` and `probability` are computed (from the items and the stage).
/// Deleting the record it is linked to deletes it.
struct Opportunity {
    Id id = 0;
    std::string title; ///< required, not blank
    std::optional<Id> linked_to;
    std::vector<LineItem> items;
    Money total;
    std::string stage;            ///< a stage name; default the first stage
    std::int32_t probability = 0; ///< percent, from the stage
    std::optional<Date> expected_close;
    std::optional<Id> assigned_to;
    OpportunityStatus status = OpportunityStatus::open;
    std::string notes;
    CustomFields custom;
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(Opportunity, (),
                      (id, title, linked_to, items, total, stage, probability, expected_close,
                       assigned_to, status, notes, custom, created_at, modified_at, modified_by,
                       version))

/// A sales stage of the editable list opportunities move through.
struct SalesStage {
    Id id = 0;
    std::string name;             ///< required, unique
    std::int32_t probability = 0; ///< 0 to 100
    std::int32_t position = 0;    ///< order in the list
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(SalesStage, (),
                      (id, name, probability, position, created_at, modified_at, modified_by,
                       version))

/// The record types user-defined fields can be defined for.
enum class FieldOwner { lead, business_contact, account, opportunity };
BOOST_DESCRIBE_ENUM(FieldOwner, lead, business_contact, account, opportunity)

enum class FieldType { text, number, date, yes_no, pick_list };
BOOST_DESCRIBE_ENUM(FieldType, text, number, date, yes_no, pick_list)

/// A user-defined field: records of `record_type` may hold a value named
/// `name` in `custom`, checked against `type` (and `choices` for a pick
/// list). Values under names without a definition are kept as given.
struct FieldDefinition {
    Id id = 0;
    FieldOwner record_type = FieldOwner::lead;
    std::string name; ///< required, unique per record type
    FieldType type = FieldType::text;
    std::vector<std::string> choices; ///< pick lists only
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(FieldDefinition, (),
                      (id, record_type, name, type, choices, created_at, modified_at, modified_by,
                       version))

} // namespace leadbook

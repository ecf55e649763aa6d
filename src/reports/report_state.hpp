// report_state.hpp: what a running Report holds, shared by the runner
// (report.cpp) and the writers (report_writers.cpp).
#pragma once

#include <leadbook/leadbook.hpp>
#include <leadbook/reports.hpp>

#include "report_plan.hpp"

#include <map>
#include <memory>
#include <optional>

namespace leadbook {

namespace detail {

/// Equal group keys: text ignoring ASCII case on case-insensitive columns,
/// as the database groups them.
bool same_key(const boost::json::value& a, const boost::json::value& b, bool nocase);

/// Stored values in SQLite's order: NULL, numbers, text (BINARY or ASCII
/// NOCASE), blobs. -1, 0 or 1.
int compare_values(const Value& a, const Value& b, bool nocase);

/// Follows streamed rows through the (already counted) groups, so writers
/// can print a heading with its count where a group starts.
class GroupWalker {
public:
    GroupWalker(const std::vector<ReportGroup>& groups, const ReportPlan& plan)
        : groups_(&groups), plan_(&plan) {}

    /// A group heading to print before a row.
    using Heading = ReportGroupStart;
    /// The headings that start before `row` (none while its groups go on).
    std::vector<Heading> enter(const ReportRow& row);

private:
    const std::vector<ReportGroup>* groups_;
    const ReportPlan* plan_;
    std::vector<boost::json::value> current_;
    /// Per level: the groups the current row's groups are among (the
    /// subgroups of the level above), and where to look for the next one.
    std::vector<const std::vector<ReportGroup>*> lists_;
    std::vector<std::size_t> next_;
};

/// The user-defined fields of a report's records, for its totals.
std::vector<CustomFieldType> custom_field_types(LeadBook& book, ReportRecordType type);

} // namespace detail

struct Report::State {
    LeadBook* book = nullptr;
    ReportDefinition definition;
    detail::ReportPlan plan;
    std::vector<Projection> projections;
    std::vector<ReportColumn> columns;
    std::vector<ReportColumn> group_fields;
    std::string description;
    std::optional<std::vector<ReportGroup>> groups;
    std::int64_t total = 0;
    boost::json::object totals;             ///< over every matching record
    std::vector<ReportColumn> total_fields; ///< names and headings
    /// With a segmented plan: per group of the segmented levels, in order,
    /// the conditions that select its rows.
    std::vector<std::vector<Condition>> segments;
    std::unique_ptr<RowCursor> rows;           ///< next_row's cursor, opened on first use
    bool rows_done = false;                    ///< next_row has read the last row
    std::optional<detail::GroupWalker> walker; ///< groups_starting's, made on first use
    ReadRow scratch;
    std::optional<std::map<Id, std::string>> user_names; ///< loaded once, when needed

    State(LeadBook& book, ReportDefinition definition);

    void compute_groups();
    /// Groups, totals and segments from the matching records' values.
    void aggregate_groups();
    /// The period number of a period level's stored date or time.
    std::int64_t period_key(const detail::PlannedField& field, const Value& stored) const;
    /// The conditions that keep the rows of the group `key` of a level.
    void segment_conditions(const detail::PlannedField& field, const Value& key,
                            std::vector<Condition>& out) const;
    std::unique_ptr<RowCursor> open_rows();
    /// Reads the next row of `cursor` into `out`; false at the end.
    bool read_row(RowCursor& cursor, ReportRow& out);
    /// A field's value as people read it (into `out`, reusing its buffer).
    void text_into(const detail::PlannedField& field, const boost::json::value& value,
                   std::string& out);
    std::string text_of(const detail::PlannedField& field, const boost::json::value& value);
    /// A group key as people read it: never empty ("(none)").
    void label_into(const detail::PlannedField& field, const boost::json::value& key,
                    std::string& out);
    std::string group_label(const detail::PlannedField& field, const boost::json::value& key);
    const std::string& user_name(Id id);
};

} // namespace leadbook

// Running a report: group counts in the database, rows streamed from one
// query, values read back as JSON and as text.
#include "report_state.hpp"

#include <algorithm>
#include <cctype>

namespace leadbook {

namespace {

using detail::PlannedField;

std::string_view op_words(FilterOp op) {
    switch (op) {
    case FilterOp::eq: return "is";
    case FilterOp::ne: return "is not";
    case FilterOp::lt: return "is less than";
    case FilterOp::le: return "is at most";
    case FilterOp::gt: return "is more than";
    case FilterOp::ge: return "is at least";
    case FilterOp::contains: return "contains";
    case FilterOp::starts_with: return "starts with";
    case FilterOp::in: return "is one of";
    case FilterOp::is_empty: return "is empty";
    case FilterOp::has: return "includes";
    }
    return enum_name(op);
}

/// A filter in words: "Rating is \"hot\"", "either Source is \"Referral\"
/// or Rating is \"hot\"", "not (...)", "a linked history item where ...".
/// `text_of` says a value as people read it.
template <class TextOf> std::string filter_words(const Filter& f, const TextOf& text_of) {
    auto group = [&](const std::vector<Filter>& filters, const char* joint) {
        std::string out;
        for (std::size_t i = 0; i < filters.size(); ++i)
            out += (i ? joint : "") + filter_words(filters[i], text_of);
        return out;
    };
    std::string out;
    if (!f.any.empty()) {
        out = "either " + group(f.any, " or ");
    } else if (!f.linked.empty()) {
        const std::string noun = f.linked == "history"         ? "a linked history item"
                                 : f.linked == "opportunities" ? "a linked opportunity"
                                                               : "an account";
        out = noun + " where " + group(f.all, " and ");
    } else if (!f.all.empty()) {
        out = "(" + group(f.all, " and ") + ")";
    } else {
        PlannedField field;
        field.user_id = detail::is_user_field(f.field);
        out = detail::heading_for(f.field) + " " + std::string(op_words(f.op));
        if (f.op != FilterOp::is_empty) {
            auto say = [&](const boost::json::value& v) {
                if (v.is_null()) return std::string("(none)");
                if (v.is_string() && !field.user_id)
                    return "\"" + std::string(v.get_string()) + "\"";
                return text_of(field, v);
            };
            if (const auto* list = f.value.if_array()) {
                for (std::size_t k = 0; k < list->size(); ++k)
                    out += (k == 0 ? " " : k + 1 == list->size() ? " or " : ", ") + say((*list)[k]);
            } else {
                out += " " + say(f.value);
            }
        }
    }
    return f.negate ? "not (" + out + ")" : out;
}

} // namespace

Report::State::State(LeadBook& b, ReportDefinition d)
    : book(&b), definition(std::move(d)),
      plan(detail::plan_report(definition, detail::custom_field_types(b, definition.record_type))) {
    projections = detail::row_projections(plan);
    for (const auto& t : plan.totals) total_fields.push_back(ReportColumn{t.name, t.heading});
    for (const auto& c : plan.columns) columns.push_back(ReportColumn{c.name, c.heading});
    for (const auto& g : plan.groups) group_fields.push_back(ReportColumn{g.name, g.heading});

    // The filters in words, with user ids shown as names.
    std::string noun = plan.noun_plural;
    noun[0] = char(std::toupper(static_cast<unsigned char>(noun[0])));
    if (definition.filters.empty()) description = "All " + plan.noun_plural;
    for (std::size_t i = 0; i < definition.filters.size(); ++i)
        description += (i ? " and " : noun + " where ") +
                       filter_words(definition.filters[i],
                                    [this](const PlannedField& field, const boost::json::value& v) {
                                        return text_of(field, v);
                                    });
}

namespace detail {

std::vector<CustomFieldType> custom_field_types(LeadBook& book, ReportRecordType type) {
    std::vector<CustomFieldType> out;
    const FieldOwner owner = field_owner(type);
    for (const auto& f : book.fields().find())
        if (f.record_type == owner) out.push_back(CustomFieldType{f.name, f.type});
    return out;
}

} // namespace detail

const std::string& Report::State::user_name(Id id) {
    if (!user_names) {
        user_names.emplace();
        for (const auto& user : book->users().find()) (*user_names)[user.id] = user.name;
    }
    auto it = user_names->find(id);
    if (it == user_names->end()) it = user_names->emplace(id, "user " + std::to_string(id)).first;
    return it->second;
}

void Report::State::text_into(const PlannedField& field, const boost::json::value& v,
                              std::string& out) {
    switch (v.kind()) {
    case boost::json::kind::null: out.clear(); return;
    case boost::json::kind::bool_: out.assign(v.get_bool() ? "yes" : "no"); return;
    case boost::json::kind::int64:
        if (field.user_id)
            out.assign(user_name(v.get_int64()));
        else
            out.assign(std::to_string(v.get_int64()));
        return;
    case boost::json::kind::uint64: out.assign(std::to_string(v.get_uint64())); return;
    case boost::json::kind::string: {
        std::string_view s = v.get_string();
        // "2026-11-27T09:30:00.123Z" -> "2026-11-27 09:30"
        if (field.timestamp && s.size() >= 16) {
            out.assign(s.substr(0, 16));
            out[10] = ' ';
        } else {
            out.assign(s);
        }
        return;
    }
    default: out.assign(serialize_json(v));
    }
}

std::string Report::State::text_of(const PlannedField& field, const boost::json::value& v) {
    std::string out;
    text_into(field, v, out);
    return out;
}

void Report::State::label_into(const PlannedField& field, const boost::json::value& key,
                               std::string& out) {
    text_into(field, key, out);
    if (out.empty()) out.assign(field.user_id ? "(not assigned)" : "(none)");
}

std::string Report::State::group_label(const PlannedField& field, const boost::json::value& key) {
    std::string out;
    label_into(field, key, out);
    return out;
}

void Report::State::compute_groups() {
    if (groups) return;
    if (plan.aggregated) {
        aggregate_groups();
        return;
    }
    std::vector<std::string> keys;
    for (const auto& g : plan.groups) keys.push_back(g.projection.column);
    auto counts = book->storage().group_counts(*plan.table, plan.where, keys);
    std::vector<ReportGroup> out;
    total = 0;
    for (auto& gc : counts) {
        total += gc.count;
        auto* list = &out;
        for (std::size_t level = 0; level < plan.groups.size(); ++level) {
            boost::json::value key;
            plan.groups[level].read(gc.key[level], key);
            // Keys equal under the column's collation are one group.
            if (list->empty() ||
                !detail::same_key(list->back().key, key, plan.groups[level].nocase))
                list->push_back(ReportGroup{key, group_label(plan.groups[level], key), 0, {}, {}});
            list->back().count += gc.count;
            list = &list->back().subgroups;
        }
    }
    // The database counts in ascending order (NULL first); a descending
    // level is that order reversed, which is also how the rows come.
    auto reverse = [&](auto& self, std::vector<ReportGroup>& list, std::size_t level) -> void {
        if (level >= plan.groups.size()) return;
        if (plan.groups[level].descending) std::reverse(list.begin(), list.end());
        for (auto& g : list) self(self, g.subgroups, level + 1);
    };
    reverse(reverse, out, 0);
    groups = std::move(out);
}

bool Report::State::read_row(RowCursor& cursor, ReportRow& out) {
    if (!cursor.next(scratch)) return false;
    out.id = scratch.id;
    const std::size_t levels = plan.groups.size();
    out.group_keys.resize(levels);
    out.group_labels.resize(levels);
    out.values.resize(plan.columns.size());
    out.texts.resize(plan.columns.size());
    for (std::size_t i = 0; i < levels; ++i) {
        const auto& g = plan.groups[i];
        if (g.period && !std::holds_alternative<std::monostate>(scratch.values[i]))
            out.group_keys[i] = detail::period_label(*g.period, period_key(g, scratch.values[i]));
        else
            g.read(scratch.values[i], out.group_keys[i]);
        label_into(g, out.group_keys[i], out.group_labels[i]);
    }
    for (std::size_t i = 0; i < plan.columns.size(); ++i) {
        plan.columns[i].read(scratch.values[levels + i], out.values[i]);
        text_into(plan.columns[i], out.values[i], out.texts[i]);
    }
    return true;
}

// ---- Report ----------------------------------------------------------------

Report::Report(std::unique_ptr<State> state) : state_(std::move(state)) {}
Report::Report(Report&&) noexcept = default;
Report& Report::operator=(Report&&) noexcept = default;
Report::~Report() = default;

const ReportDefinition& Report::definition() const noexcept { return state_->definition; }
const std::string& Report::title() const noexcept { return state_->plan.title; }
const std::string& Report::description() const noexcept { return state_->description; }
const std::vector<ReportColumn>& Report::columns() const noexcept { return state_->columns; }
const std::vector<ReportColumn>& Report::group_fields() const noexcept {
    return state_->group_fields;
}

const std::vector<ReportGroup>& Report::groups() {
    state_->compute_groups();
    return *state_->groups;
}

std::int64_t Report::total() {
    state_->compute_groups();
    return state_->total;
}

const boost::json::object& Report::totals() {
    state_->compute_groups();
    return state_->totals;
}

const std::vector<ReportColumn>& Report::total_fields() const noexcept {
    return state_->total_fields;
}

std::optional<ReportRow> Report::next_row() {
    ReportRow row;
    if (!next_row(row)) return std::nullopt;
    return row;
}

bool Report::next_row(ReportRow& row) {
    // A finished cursor is not asked again: SQLite would start it over.
    if (state_->rows_done) return false;
    if (!state_->rows) state_->rows = state_->open_rows();
    if (state_->read_row(*state_->rows, row)) return true;
    state_->rows_done = true;
    state_->rows.reset();
    return false;
}

void Report::rewind() {
    state_->rows.reset();
    state_->rows_done = false;
    state_->walker.reset();
}

std::vector<ReportGroupStart> Report::groups_starting(const ReportRow& row) {
    if (!state_->walker) {
        state_->compute_groups();
        state_->walker.emplace(*state_->groups, state_->plan);
    }
    return state_->walker->enter(row);
}

boost::json::object Report::row_json(const ReportRow& row) const {
    boost::json::object out;
    out["id"] = row.id;
    if (!row.group_keys.empty()) {
        boost::json::array group;
        for (std::size_t i = 0; i < row.group_keys.size(); ++i)
            group.push_back(boost::json::object{{"field", state_->group_fields[i].field},
                                                {"key", row.group_keys[i]},
                                                {"label", row.group_labels[i]}});
        out["group"] = std::move(group);
    }
    boost::json::object values, texts;
    for (std::size_t i = 0; i < row.values.size(); ++i) {
        values[state_->columns[i].field] = row.values[i];
        texts[state_->columns[i].field] = row.texts[i];
    }
    out["values"] = std::move(values);
    out["text"] = std::move(texts);
    return out;
}

boost::json::object Report::summary_json() {
    state_->compute_groups();
    boost::json::object out;
    out["title"] = title();
    out["description"] = description();
    out["record_type"] = enum_name(state_->definition.record_type);
    out["columns"] = to_json(state_->columns);
    out["group_by"] = to_json(state_->group_fields);
    out["total"] = state_->total;
    if (!state_->total_fields.empty()) {
        out["total_fields"] = to_json(state_->total_fields);
        out["totals"] = state_->totals;
    }
    out["groups"] = to_json(*state_->groups);
    return out;
}

// ---- groups while streaming ------------------------------------------------

namespace detail {

bool same_key(const boost::json::value& a, const boost::json::value& b, bool nocase) {
    if (nocase && a.is_string() && b.is_string()) {
        std::string_view x = a.get_string(), y = b.get_string();
        return std::equal(x.begin(), x.end(), y.begin(), y.end(), [](char p, char q) {
            return std::tolower(static_cast<unsigned char>(p)) ==
                   std::tolower(static_cast<unsigned char>(q));
        });
    }
    // An empty text and no value are one group ("(none)").
    auto nothing = [](const boost::json::value& v) {
        return v.is_null() || (v.is_string() && v.get_string().empty());
    };
    if (nothing(a) || nothing(b)) return nothing(a) && nothing(b);
    return a == b;
}

std::vector<GroupWalker::Heading> GroupWalker::enter(const ReportRow& row) {
    std::vector<Heading> out;
    const std::size_t levels = std::min(row.group_keys.size(), plan_->groups.size());
    bool changed = current_.size() != levels;
    if (lists_.size() != levels) {
        lists_.assign(levels, nullptr);
        next_.assign(levels, 0);
        if (levels > 0) lists_[0] = groups_;
    }
    for (std::size_t level = 0; level < levels; ++level) {
        const auto& key = row.group_keys[level];
        const bool nocase = plan_->groups[level].nocase;
        if (!changed && same_key(current_[level], key, nocase)) continue;
        changed = true; // every level below starts again too
        // Groups come in row order: look forward from the last one matched.
        const auto* list = lists_[level];
        const ReportGroup* found = nullptr;
        if (list)
            for (std::size_t j = next_[level]; j < list->size(); ++j)
                if (same_key((*list)[j].key, key, nocase)) {
                    found = &(*list)[j];
                    next_[level] = j + 1;
                    break;
                }
        if (level + 1 < levels) {
            lists_[level + 1] = found ? &found->subgroups : nullptr;
            next_[level + 1] = 0;
        }
        Heading h{level, row.group_labels[level], std::nullopt, {}};
        if (found) {
            h.count = found->count;
            h.totals = found->totals;
        }
        out.push_back(std::move(h));
    }
    current_.assign(row.group_keys.begin(), row.group_keys.begin() + std::ptrdiff_t(levels));
    return out;
}

} // namespace detail
} // namespace leadbook

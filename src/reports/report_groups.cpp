// Groups made in the report layer: totals (sums, averages, minimums,
// maximums, distinct counts), periods of dates and times, and groups in an
// order other than their key's. The storage interface counts groups of
// plain columns only, so these read the grouped and totalled values of
// every matching record in one streamed query and add them up here; the
// rows then follow the groups (one query per group where SQL cannot give
// their order).
#include "report_state.hpp"

#include "../record_schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace leadbook {

namespace detail {

namespace {

int rank(const Value& v) {
    switch (v.index()) {
    case 0: return 0;
    case 1:
    case 2: return 1;
    case 3: return 2;
    default: return 3;
    }
}

double as_double(const Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return double(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    return 0;
}

} // namespace

int compare_values(const Value& a, const Value& b, bool nocase) {
    const int ra = rank(a), rb = rank(b);
    if (ra != rb) return ra < rb ? -1 : 1;
    switch (ra) {
    case 0: return 0;
    case 1: {
        const auto* x = std::get_if<std::int64_t>(&a);
        const auto* y = std::get_if<std::int64_t>(&b);
        if (x && y) return *x < *y ? -1 : *x > *y ? 1 : 0;
        const double p = as_double(a), q = as_double(b);
        return p < q ? -1 : p > q ? 1 : 0;
    }
    case 2: {
        const std::string& x = std::get<std::string>(a);
        const std::string& y = std::get<std::string>(b);
        if (!nocase) return x.compare(y) < 0 ? -1 : x == y ? 0 : 1;
        // SQLite's NOCASE: ASCII letters folded, bytes compared.
        const std::size_t n = std::min(x.size(), y.size());
        for (std::size_t i = 0; i < n; ++i) {
            const int p = std::tolower(static_cast<unsigned char>(x[i]));
            const int q = std::tolower(static_cast<unsigned char>(y[i]));
            if (p != q) return p < q ? -1 : 1;
        }
        return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    default: {
        const auto& x = std::get<Bytes>(a).data;
        const auto& y = std::get<Bytes>(b).data;
        return x < y ? -1 : x == y ? 0 : 1;
    }
    }
}

} // namespace detail

namespace {

using detail::as_double;
using detail::compare_values;
using detail::damaged_value;
using detail::period_label;
using detail::PlannedTotal;
using detail::ValueKind;

struct ValueLess {
    bool nocase = false;
    bool operator()(const Value& a, const Value& b) const {
        return compare_values(a, b, nocase) < 0;
    }
};

[[noreturn]] void too_large(const PlannedTotal& total) {
    fail(ErrorCode::validation, "totals: the " + total.heading +
                                    " passes the largest number leadbook keeps exactly "
                                    "(9223372036854775807 in the field's smallest unit)");
}

/// One total of one group, added up as values come.
struct Accumulator {
    std::int64_t n = 0;    ///< values seen (null values are not)
    std::int64_t isum = 0; ///< integers and money (cents; weighted: cents x percent)
    double dsum = 0;       ///< real numbers
    Value min, max;
    std::unique_ptr<std::set<Value, ValueLess>> distinct;

    void add(const PlannedTotal& t, const Value& v, const Value* weight) {
        if (std::holds_alternative<std::monostate>(v)) return;
        if (const auto* text = std::get_if<std::string>(&v); text && text->empty()) return;
        switch (t.function) {
        case ReportFunction::sum:
        case ReportFunction::average:
            if (const auto* i = std::get_if<std::int64_t>(&v); i && t.kind != ValueKind::real) {
                std::int64_t x = *i;
                if (weight) {
                    const auto* w = std::get_if<std::int64_t>(weight);
                    if (__builtin_mul_overflow(x, w ? *w : 0, &x)) too_large(t);
                }
                if (__builtin_add_overflow(isum, x, &isum)) too_large(t);
            } else {
                double x = as_double(v);
                if (weight) x *= as_double(*weight) / 100.0;
                dsum += x;
            }
            break;
        case ReportFunction::minimum:
            if (n == 0 || compare_values(v, min, t.nocase) < 0) min = v;
            break;
        case ReportFunction::maximum:
            if (n == 0 || compare_values(v, max, t.nocase) > 0) max = v;
            break;
        case ReportFunction::distinct_count:
            if (!distinct)
                distinct = std::make_unique<std::set<Value, ValueLess>>(ValueLess{t.nocase});
            distinct->insert(v);
            break;
        }
        ++n;
    }

    static std::int64_t rounded_div(std::int64_t a, std::int64_t b) {
        // Halves away from zero.
        std::int64_t q = a / b, r = a % b;
        if (2 * (r < 0 ? -r : r) >= (b < 0 ? -b : b)) q += ((a < 0) != (b < 0)) ? -1 : 1;
        return q;
    }

    boost::json::value result(const PlannedTotal& t) const {
        const bool weighted = t.weight >= 0;
        switch (t.function) {
        case ReportFunction::sum:
            if (t.kind == ValueKind::money)
                return to_json(Money{weighted ? rounded_div(isum, 100) : isum});
            if (t.kind == ValueKind::integer)
                return weighted ? boost::json::value(double(isum) / 100.0)
                                : boost::json::value(isum);
            return dsum;
        case ReportFunction::average:
            if (n == 0) return nullptr;
            if (t.kind == ValueKind::money) return to_json(Money{rounded_div(isum, n)});
            if (t.kind == ValueKind::integer) return double(isum) / double(n);
            return dsum / double(n);
        case ReportFunction::minimum:
        case ReportFunction::maximum: {
            if (n == 0) return nullptr;
            boost::json::value out;
            t.read(t.function == ReportFunction::minimum ? min : max, out);
            return out;
        }
        case ReportFunction::distinct_count: return std::int64_t(distinct ? distinct->size() : 0);
        }
        return nullptr;
    }

    /// The total as a number to order groups by (nothing: lowest).
    double order_value(const PlannedTotal& t) const {
        if (n == 0 && t.function != ReportFunction::sum &&
            t.function != ReportFunction::distinct_count)
            return -HUGE_VAL;
        switch (t.function) {
        case ReportFunction::sum: return t.kind == ValueKind::real ? dsum : double(isum);
        case ReportFunction::average:
            return (t.kind == ValueKind::real ? dsum : double(isum)) / double(n);
        case ReportFunction::minimum: return as_double(min);
        case ReportFunction::maximum: return as_double(max);
        case ReportFunction::distinct_count: return double(distinct ? distinct->size() : 0);
        }
        return 0;
    }
};

struct Node {
    Value key; ///< the stored value, or a period's number
    std::int64_t count = 0;
    std::vector<Accumulator> totals;
    std::map<Value, std::unique_ptr<Node>, ValueLess> children;
    std::vector<Node*> ordered; ///< children in the report's order
};

/// Where each value the groups need comes from in a read row.
struct Inputs {
    std::vector<int> columns;   ///< ReadShape columns
    std::vector<int> group_at;  ///< per level: index in row values, -1: the id
    std::vector<int> total_at;  ///< per total: index in row values, -1: user-defined
    std::vector<int> weight_at; ///< per total: index, -1: none
    int at(int column) {
        if (column < 0) return -1;
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i] == column) return int(i);
        columns.push_back(column);
        return int(columns.size()) - 1;
    }
};

Value custom_value(const std::vector<Row>& custom, const std::string& name, ValueKind kind) {
    for (const auto& row : custom) {
        if (row.size() < 3) continue;
        const auto* n = std::get_if<std::string>(&row[0]);
        const auto* text = std::get_if<std::string>(&row[2]);
        if (!n || !text || *n != name) continue;
        if (kind == ValueKind::real) {
            double d = 0;
            auto r = std::from_chars(text->data(), text->data() + text->size(), d);
            if (r.ec != std::errc()) damaged_value("a number");
            return d;
        }
        return *text;
    }
    return {};
}

} // namespace

void Report::State::aggregate_groups() {
    const auto& p = plan;
    Inputs in;
    for (const auto& g : p.groups) in.group_at.push_back(in.at(g.column));
    bool custom = false;
    for (const auto& t : p.totals) {
        in.total_at.push_back(in.at(t.column));
        in.weight_at.push_back(in.at(t.weight));
        custom = custom || t.column < 0;
    }
    std::vector<int> children;
    if (custom && p.custom_child >= 0) children.push_back(p.custom_child);
    auto cursor = book->storage().read(*p.table, p.where, ReadShape::of(in.columns, children));

    auto make_node = [&](std::size_t level, const Value& k) {
        auto node = std::make_unique<Node>();
        node->key = k;
        node->totals.resize(p.totals.size());
        if (level < p.groups.size())
            node->children = std::map<Value, std::unique_ptr<Node>, ValueLess>(
                ValueLess{p.groups[level].nocase && !p.groups[level].period});
        return node;
    };
    auto root_node = make_node(0, Value{});
    Node& root = *root_node;
    ReadRow row;
    std::vector<Value> custom_values(p.totals.size());
    Value key;
    const Value nothing;
    while (cursor->next(row)) {
        for (std::size_t t = 0; t < p.totals.size(); ++t)
            if (p.totals[t].column < 0)
                custom_values[t] =
                    row.children.empty()
                        ? Value{}
                        : custom_value(row.children[0], p.totals[t].custom, p.totals[t].kind);
        auto add = [&](Node& node) {
            ++node.count;
            for (std::size_t t = 0; t < p.totals.size(); ++t) {
                const Value& v =
                    in.total_at[t] < 0 ? custom_values[t] : row.values[std::size_t(in.total_at[t])];
                const Value* w =
                    in.weight_at[t] < 0 ? nullptr : &row.values[std::size_t(in.weight_at[t])];
                node.totals[t].add(p.totals[t], v, w);
            }
        };
        add(root);
        Node* node = &root;
        for (std::size_t level = 0; level < p.groups.size(); ++level) {
            const auto& g = p.groups[level];
            const int at = in.group_at[level];
            // The stored key, looked up in place (no copy per row).
            const Value* k = at < 0 ? nullptr : &row.values[std::size_t(at)];
            if (!k) {
                key = Value{row.id};
                k = &key;
            } else if (const auto* s = std::get_if<std::string>(k); s && s->empty()) {
                k = &nothing;
            } else if (g.period && !std::holds_alternative<std::monostate>(*k)) {
                key = Value{period_key(g, *k)};
                k = &key;
            }
            auto it = node->children.find(*k);
            if (it == node->children.end())
                it = node->children.emplace(*k, make_node(level + 1, *k)).first;
            node = it->second.get();
            add(*node);
        }
    }
    cursor.reset();

    // Order each level, then turn the nodes into groups (and the row
    // query's segments).
    std::vector<ReportGroup> out;
    segments.clear();
    std::vector<Condition> conditions;
    auto build = [&](auto& self, Node& node, std::size_t level,
                     std::vector<ReportGroup>& into) -> void {
        if (level >= p.groups.size()) return;
        const auto& g = p.groups[level];
        for (auto& [k, child] : node.children) node.ordered.push_back(child.get());
        // By count or total: ties stay in ascending key order.
        if (g.descending && g.order == ReportGroupOrder::key)
            std::reverse(node.ordered.begin(), node.ordered.end());
        if (g.order != ReportGroupOrder::key) {
            auto value = [&](const Node* n) {
                return g.order == ReportGroupOrder::count
                           ? double(n->count)
                           : n->totals[g.order_total].order_value(p.totals[g.order_total]);
            };
            std::stable_sort(node.ordered.begin(), node.ordered.end(),
                             [&](const Node* a, const Node* b) {
                                 return g.descending ? value(a) > value(b) : value(a) < value(b);
                             });
        }
        for (Node* child : node.ordered) {
            ReportGroup group;
            if (std::holds_alternative<std::monostate>(child->key))
                group.key = nullptr;
            else if (g.period)
                group.key = period_label(*g.period, std::get<std::int64_t>(child->key));
            else
                g.read(child->key, group.key);
            label_into(g, group.key, group.label);
            group.count = child->count;
            for (std::size_t t = 0; t < p.totals.size(); ++t)
                group.totals[p.totals[t].name] = child->totals[t].result(p.totals[t]);
            const std::size_t mark = conditions.size();
            if (level < p.segment_levels) segment_conditions(g, child->key, conditions);
            if (level + 1 == p.segment_levels) segments.push_back(conditions);
            self(self, *child, level + 1, group.subgroups);
            conditions.resize(mark);
            into.push_back(std::move(group));
        }
    };
    build(build, root, 0, out);
    total = root.count;
    totals = boost::json::object();
    for (std::size_t t = 0; t < p.totals.size(); ++t)
        totals[p.totals[t].name] = root.totals[t].result(p.totals[t]);
    groups = std::move(out);
}

std::int64_t Report::State::period_key(const detail::PlannedField& field,
                                       const Value& stored) const {
    const auto* v = std::get_if<std::int64_t>(&stored);
    if (!v) damaged_value(field.kind == ValueKind::time ? "a time" : "a date");
    const std::int64_t day = field.kind == ValueKind::time ? detail::local_day(*plan.zone, *v) : *v;
    return detail::period_index(*field.period, day);
}

void Report::State::segment_conditions(const detail::PlannedField& field, const Value& key,
                                       std::vector<Condition>& out) const {
    const std::string& column = field.projection.column;
    if (std::holds_alternative<std::monostate>(key)) {
        out.push_back(Condition{column, CompareOp::is_empty, {}, {}, false});
        return;
    }
    if (!field.period) {
        out.push_back(Condition{column, CompareOp::eq, key, {}, false});
        return;
    }
    const std::int64_t index = std::get<std::int64_t>(key);
    auto bound = [&](std::int64_t i) -> std::int64_t {
        const std::int64_t day = detail::period_start(*field.period, i);
        if (field.kind != ValueKind::time) return day;
        return plan.zone->to_utc(day * 86400) * 1000;
    };
    out.push_back(Condition{column, CompareOp::ge, Value{bound(index)}, {}, false});
    out.push_back(Condition{column, CompareOp::lt, Value{bound(index + 1)}, {}, false});
}

namespace {

/// The rows of a report whose groups SQL cannot order: one query per
/// segment (a group of the segmented levels), in the groups' order, with
/// the definition's offset and limit applied across them.
class SegmentedCursor : public RowCursor {
public:
    SegmentedCursor(Storage& storage, const detail::ReportPlan& plan,
                    const std::vector<std::vector<Condition>>& segments,
                    std::span<const Projection> projections)
        : storage_(storage), plan_(plan), segments_(segments), projections_(projections),
          skip_(plan.rows.offset), left_(plan.rows.limit) {}

    bool next(ReadRow& row) override {
        while (left_ != 0) {
            if (!current_) {
                if (next_ >= segments_.size()) return false;
                Query query = plan_.rows;
                query.limit = -1;
                query.offset = 0;
                for (const auto& c : segments_[next_++]) query.where.push_back(c);
                current_ = storage_.select(*plan_.table, query, projections_);
            }
            if (!current_->next(row)) {
                current_.reset();
                continue;
            }
            if (skip_ > 0) {
                --skip_;
                continue;
            }
            if (left_ > 0) --left_;
            return true;
        }
        current_.reset();
        return false;
    }

private:
    Storage& storage_;
    const detail::ReportPlan& plan_;
    const std::vector<std::vector<Condition>>& segments_;
    std::span<const Projection> projections_;
    std::unique_ptr<RowCursor> current_;
    std::size_t next_ = 0;
    std::int64_t skip_, left_;
};

} // namespace

std::unique_ptr<RowCursor> Report::State::open_rows() {
    if (plan.segment_levels == 0)
        return book->storage().select(*plan.table, plan.rows, projections);
    compute_groups();
    return std::make_unique<SegmentedCursor>(book->storage(), plan, segments, projections);
}

} // namespace leadbook

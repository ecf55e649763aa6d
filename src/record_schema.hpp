// record_schema.hpp: storage tables derived from record descriptions.
//
// For a described record type T, RecordSchema<T> derives once:
// - the TableDef: one column per scalar member (nested described structs such
//   as Score are flattened: score.stars -> column score_stars), one child table
//   per list member (emails, criteria_met) and one for custom fields;
// - conversion of a T to a Row plus child rows and back;
// - the field table filters and sorting use: JSON name -> column, and how a
//   JSON value becomes a stored Value for that column.
// Nothing here lists a type's fields: all of it is one walk over
// describe_members, with a static_assert naming any member type it cannot
// store.
#pragma once

#include <leadbook/activities.hpp>
#include <leadbook/duplicates.hpp>
#include <leadbook/json.hpp>
#include <leadbook/pick_lists.hpp>
#include <leadbook/scoring.hpp>
#include <leadbook/storage.hpp>
#include <leadbook/types.hpp>

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook::detail {

/// Per record type: where it is stored and which fields are indexed.
template <class T> struct RecordTraits;

template <> struct RecordTraits<Lead> {
    static constexpr std::string_view collection = "leads";
    static constexpr std::string_view noun = "lead";
    static constexpr std::string_view table = "records";
    static constexpr std::string_view kind = "lead";
    static constexpr std::array<std::string_view, 10> indexed = {
        "full_name", "company",     "assigned_to", "account_id", "source",
        "rating",    "score.stars", "modified_at", "created_at", "status"};
    static constexpr std::array<std::string_view, 2> nocase = {"full_name", "company"};
};

template <> struct RecordTraits<BusinessContact> {
    static constexpr std::string_view collection = "contacts";
    static constexpr std::string_view noun = "business contact";
    static constexpr std::string_view table = "records";
    static constexpr std::string_view kind = "business_contact";
    static constexpr auto indexed = RecordTraits<Lead>::indexed;
    static constexpr auto nocase = RecordTraits<Lead>::nocase;
};

template <> struct RecordTraits<HistoryItem> {
    static constexpr std::string_view collection = "history";
    static constexpr std::string_view noun = "history item";
    static constexpr std::string_view table = "history";
    static constexpr std::string_view kind = "history_item";
    static constexpr std::array<std::string_view, 2> indexed = {"occurred_at", "kind"};
    static constexpr std::array<std::string_view, 0> nocase = {};
};

template <> struct RecordTraits<Opportunity> {
    static constexpr std::string_view collection = "opportunities";
    static constexpr std::string_view noun = "opportunity";
    static constexpr std::string_view table = "opportunities";
    static constexpr std::string_view kind = "opportunity";
    static constexpr std::array<std::string_view, 5> indexed = {"linked_to", "stage", "status",
                                                                "assigned_to", "expected_close"};
    static constexpr std::array<std::string_view, 1> nocase = {"title"};
};

template <> struct RecordTraits<SalesStage> {
    static constexpr std::string_view collection = "stages";
    static constexpr std::string_view noun = "sales stage";
    static constexpr std::string_view table = "sales_stages";
    static constexpr std::string_view kind = "";
    static constexpr std::array<std::string_view, 1> indexed = {"position"};
    static constexpr std::array<std::string_view, 1> nocase = {"name"};
};

template <> struct RecordTraits<FieldDefinition> {
    static constexpr std::string_view collection = "fields";
    static constexpr std::string_view noun = "field definition";
    static constexpr std::string_view table = "field_definitions";
    static constexpr std::string_view kind = "field_definition";
    static constexpr std::array<std::string_view, 1> indexed = {"record_type"};
    static constexpr std::array<std::string_view, 1> nocase = {"name"};
};

template <> struct RecordTraits<SavedReport> {
    static constexpr std::string_view collection = "reports";
    static constexpr std::string_view noun = "saved report";
    static constexpr std::string_view table = "saved_reports";
    static constexpr std::string_view kind = "";
    static constexpr std::array<std::string_view, 2> indexed = {"name", "category"};
    static constexpr std::array<std::string_view, 2> nocase = {"name", "category"};
};

template <> struct RecordTraits<Account> {
    static constexpr std::string_view collection = "accounts";
    static constexpr std::string_view noun = "account";
    static constexpr std::string_view table = "accounts";
    static constexpr std::string_view kind = "account";
    static constexpr std::array<std::string_view, 3> indexed = {"name", "assigned_to",
                                                                "modified_at"};
    static constexpr std::array<std::string_view, 1> nocase = {"name"};
};

template <> struct RecordTraits<User> {
    static constexpr std::string_view collection = "users";
    static constexpr std::string_view noun = "user";
    static constexpr std::string_view table = "users";
    static constexpr std::string_view kind = "";
    static constexpr std::array<std::string_view, 1> indexed = {"name"};
    static constexpr std::array<std::string_view, 1> nocase = {"name"};
};

template <> struct RecordTraits<DisqualifyReason> {
    static constexpr std::string_view collection = "disqualify_reasons";
    static constexpr std::string_view noun = "disqualify reason";
    static constexpr std::string_view table = "disqualify_reasons";
    static constexpr std::string_view kind = "";
    static constexpr std::array<std::string_view, 0> indexed = {};
    static constexpr std::array<std::string_view, 1> nocase = {"name"};
};

template <> struct RecordTraits<ScoringCriterion> {
    static constexpr std::string_view collection = "criteria";
    static constexpr std::string_view noun = "criterion";
    static constexpr std::string_view table = "scoring_criteria";
    static constexpr std::string_view kind = "";
    static constexpr std::array<std::string_view, 1> indexed = {"record_type"};
    static constexpr std::array<std::string_view, 0> nocase = {};
};

template <> struct RecordTraits<PickListEntry> {
    static constexpr std::string_view collection = "pick_lists";
    static constexpr std::string_view noun = "pick-list entry";
    static constexpr std::string_view table = "pick_list_entries";
    static constexpr std::string_view kind = "";
    static constexpr std::array<std::string_view, 1> indexed = {"record_type"};
    static constexpr std::array<std::string_view, 1> nocase = {"name"};
};

template <> struct RecordTraits<MatchingRule> {
    static constexpr std::string_view collection = "matching_rules";
    static constexpr std::string_view noun = "matching rule";
    static constexpr std::string_view table = "matching_rules";
    static constexpr std::string_view kind = "";
    static constexpr std::array<std::string_view, 0> indexed = {};
    static constexpr std::array<std::string_view, 1> nocase = {"name"};
};

/// A blocking key of a lead or business contact under one matching rule
/// (rules/duplicates.hpp): records that share a key are compared. Kept by
/// the write path; not a record users see.
struct MatchKey {
    Id id = 0;
    Id rule_id = 0;
    Id record_id = 0;
    std::string match_key;
};
BOOST_DESCRIBE_STRUCT(MatchKey, (), (id, rule_id, record_id, match_key))

template <> struct RecordTraits<MatchKey> {
    static constexpr std::string_view collection = "";
    static constexpr std::string_view noun = "match key";
    static constexpr std::string_view table = "match_keys";
    static constexpr std::string_view kind = "";
    static constexpr std::array<std::string_view, 3> indexed = {"rule_id", "record_id",
                                                                "match_key"};
    static constexpr std::array<std::string_view, 0> nocase = {};
};

// Child list element types index their e-mail-like columns for lookups.
template <class T> struct ChildTraits {
    static constexpr std::array<std::string_view, 0> indexed = {};
};
template <> struct ChildTraits<EmailAddress> {
    static constexpr std::array<std::string_view, 1> indexed = {"address"};
};

/// Names of the fields leadbook keeps itself; callers may not set them.
inline constexpr std::array<std::string_view, 5> system_fields = {"id", "created_at", "modified_at",
                                                                  "modified_by", "version"};
bool is_system_field(std::string_view name);

// ---- scalar columns ------------------------------------------------------

/// Throws ErrorCode::corrupt: a stored value is not `what` its column holds
/// (a blob where text belongs), which leadbook never writes.
[[noreturn]] void damaged_value(const std::string& what);

template <class M> struct ScalarColumn; // no definition: not a storable scalar

template <> struct ScalarColumn<std::string> {
    static constexpr ColumnType type = ColumnType::text;
    static Value to_value(const std::string& v) { return v; }
    static void from_value(const Value& v, std::string& out);
};
template <> struct ScalarColumn<bool> {
    static constexpr ColumnType type = ColumnType::integer;
    static Value to_value(bool v) { return std::int64_t{v ? 1 : 0}; }
    static void from_value(const Value& v, bool& out);
};
template <std::integral I>
requires(!std::same_as<I, bool>) struct ScalarColumn<I> {
    static constexpr ColumnType type = ColumnType::integer;
    static Value to_value(I v) { return static_cast<std::int64_t>(v); }
    static void from_value(const Value& v, I& out);
};
template <> struct ScalarColumn<double> {
    static constexpr ColumnType type = ColumnType::real;
    static Value to_value(double v) { return v; }
    static void from_value(const Value& v, double& out);
};
template <> struct ScalarColumn<Timestamp> {
    static constexpr ColumnType type = ColumnType::integer;
    static Value to_value(const Timestamp& v) { return v.millis; }
    static void from_value(const Value& v, Timestamp& out);
};
template <> struct ScalarColumn<Date> {
    static constexpr ColumnType type = ColumnType::integer;
    static Value to_value(const Date& v) { return std::int64_t{v.days}; }
    static void from_value(const Value& v, Date& out);
};
template <> struct ScalarColumn<Bytes> {
    static constexpr ColumnType type = ColumnType::blob;
    static Value to_value(const Bytes& v) {
        if (v.empty()) return std::monostate{};
        return v;
    }
    static void from_value(const Value& v, Bytes& out);
};
template <> struct ScalarColumn<Money> {
    static constexpr ColumnType type = ColumnType::integer;
    static Value to_value(const Money& v) { return v.minor_units; }
    static void from_value(const Value& v, Money& out) {
        const auto* i = std::get_if<std::int64_t>(&v);
        if (!i) damaged_value("an amount");
        out.minor_units = *i;
    }
};
template <> struct ScalarColumn<Percent> {
    static constexpr ColumnType type = ColumnType::integer;
    static Value to_value(const Percent& v) { return std::int64_t{v.hundredths}; }
    static void from_value(const Value& v, Percent& out) {
        const auto* i = std::get_if<std::int64_t>(&v);
        if (!i) damaged_value("a percentage");
        out.hundredths = static_cast<std::int32_t>(*i);
    }
};
template <DescribedEnum E> struct ScalarColumn<E> {
    static constexpr ColumnType type = ColumnType::text;
    static Value to_value(E v) { return std::string(enum_name(v)); }
    static void from_value(const Value& v, E& out) {
        const auto* s = std::get_if<std::string>(&v);
        auto parsed = s ? enum_from_name<E>(*s) : std::nullopt;
        if (!parsed) damaged_value("a valid " + enum_names<E>());
        out = *parsed;
    }
};
template <class M> struct ScalarColumn<std::optional<M>> {
    static constexpr ColumnType type = ScalarColumn<M>::type;
    static constexpr bool nullable = true;
    static Value to_value(const std::optional<M>& v) {
        if (!v) return std::monostate{};
        return ScalarColumn<M>::to_value(*v);
    }
    static void from_value(const Value& v, std::optional<M>& out) {
        if (std::holds_alternative<std::monostate>(v)) {
            out.reset();
            return;
        }
        M item{};
        ScalarColumn<M>::from_value(v, item);
        out = std::move(item);
    }
};

template <std::integral I>
requires(!std::same_as<I, bool>) void ScalarColumn<I>::from_value(const Value& v, I& out) {
    const auto* i = std::get_if<std::int64_t>(&v);
    if (!i) damaged_value("an integer");
    out = static_cast<I>(*i);
}

template <class M>
concept StorableScalar = requires {
    ScalarColumn<M>::type;
};

template <class M> constexpr bool column_nullable() {
    if constexpr (requires { ScalarColumn<M>::nullable; })
        return ScalarColumn<M>::nullable;
    else
        return std::is_same_v<M, Bytes>; // no photo is NULL
}

/// A field filters and sorting can name: "company", "score.stars".
struct FieldInfo {
    std::string name;   ///< JSON name, dotted for nested members
    std::string column; ///< SQL column
    ColumnType type = ColumnType::text;
    /// JSON value -> stored Value, validated like the field itself.
    std::function<Value(const boost::json::value&, std::string_view path)> to_value;
};

/// A list member. Lists of plain values (criteria_met, links) can be
/// queried with "has", and so can the text members of lists of entries
/// ("emails.address"); lists cannot be filtered on otherwise.
struct ListFieldInfo {
    std::string name;
    std::string child_table;
    /// For lists of plain values: JSON value -> stored element Value.
    std::function<Value(const boost::json::value&, std::string_view path)> element_to_value;
    /// For lists of entries: their text members (the child table's columns).
    std::vector<std::string> text_members = {};
};

template <class Owner> struct ChildConverter {
    std::function<std::vector<Row>(const Owner&)> to_rows;
    std::function<void(const std::vector<Row>&, Owner&)> from_rows;
};

template <class M> constexpr bool is_list_member() {
    return is_vector<M>::value || is_string_map<M>::value;
}

template <class T>
void append_columns(std::vector<ColumnDef>& columns, std::string prefix,
                    std::vector<FieldInfo>* fields, std::string json_prefix);

template <class M> Value json_to_column_value(const boost::json::value& v, std::string_view path) {
    M item{};
    read_json(v, item, path);
    return ScalarColumn<M>::to_value(item);
}

template <class T>
void append_columns(std::vector<ColumnDef>& columns, std::string prefix,
                    std::vector<FieldInfo>* fields, std::string json_prefix) {
    boost::mp11::mp_for_each<public_members<T>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(std::declval<T&>().*d.pointer)>;
        std::string name = d.name;
        if (prefix.empty() && name == "id") return;
        if constexpr (is_list_member<M>()) {
            // stored in a child table
        } else if constexpr (Described<M>) {
            append_columns<M>(columns, prefix + name + "_", fields, json_prefix + name + ".");
        } else {
            static_assert(StorableScalar<M>,
                          "leadbook: this member type has no SQL column mapping; add a "
                          "ScalarColumn specialization in record_schema.hpp");
            ColumnDef c;
            c.name = prefix + name;
            c.type = ScalarColumn<M>::type;
            c.nullable = column_nullable<M>();
            columns.push_back(c);
            if (fields)
                fields->push_back(
                    FieldInfo{json_prefix + name, c.name, c.type, &json_to_column_value<M>});
        }
    });
}

/// Appends the scalar members of `v` to `row` in column order. At the top
/// level the `id` member is skipped: it is the row's key, not a column.
template <class T> void write_columns(const T& v, Row& row, bool top_level = false) {
    boost::mp11::mp_for_each<public_members<T>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(v.*d.pointer)>;
        if (top_level && std::string_view(d.name) == "id") return;
        if constexpr (is_list_member<M>()) {
        } else if constexpr (Described<M>) {
            write_columns(v.*d.pointer, row);
        } else {
            row.push_back(ScalarColumn<M>::to_value(v.*d.pointer));
        }
    });
}

/// The inverse of write_columns, reading from row[at] on.
template <class T>
void read_columns(const Row& row, std::size_t& at, T& v, bool top_level = false) {
    boost::mp11::mp_for_each<public_members<T>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(v.*d.pointer)>;
        if (top_level && std::string_view(d.name) == "id") return;
        if constexpr (is_list_member<M>()) {
        } else if constexpr (Described<M>) {
            read_columns(row, at, v.*d.pointer);
        } else {
            if (at >= row.size()) fail(ErrorCode::storage, "stored row has too few columns");
            ScalarColumn<M>::from_value(row[at++], v.*d.pointer);
        }
    });
}

// ---- child tables ----------------------------------------------------------

void custom_to_row(const std::string& name, const CustomValue& value, Row& row);
void custom_from_row(const Row& row, CustomFields& out);
std::vector<ColumnDef> custom_columns();

template <class Owner> struct ChildBinding {
    ChildTableDef table;
    ChildConverter<Owner> convert;
};

template <class E> ChildTableDef child_table_for(std::string name) {
    ChildTableDef t;
    t.name = std::move(name);
    if constexpr (Described<E>) {
        append_columns<E>(t.columns, "", nullptr, "");
        for (auto& c : t.columns)
            for (auto idx : ChildTraits<E>::indexed)
                if (c.name == idx) {
                    c.indexed = true;
                    c.nocase = true;
                }
    } else {
        static_assert(StorableScalar<E>, "leadbook: list element type has no SQL mapping");
        t.columns.push_back(ColumnDef{"value", ScalarColumn<E>::type, false, true, false});
    }
    return t;
}

template <class T> std::vector<ChildBinding<T>> child_bindings() {
    std::vector<ChildBinding<T>> out;
    boost::mp11::mp_for_each<public_members<T>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(std::declval<T&>().*d.pointer)>;
        if constexpr (is_vector<M>::value) {
            using E = typename M::value_type;
            constexpr auto pointer = d.pointer;
            ChildBinding<T> b;
            b.table = child_table_for<E>(d.name);
            b.convert.to_rows = [width = b.table.columns.size()](const T& owner) {
                std::vector<Row> rows;
                rows.reserve((owner.*pointer).size());
                for (const auto& item : owner.*pointer) {
                    Row row;
                    row.reserve(width);
                    if constexpr (Described<E>)
                        write_columns(item, row);
                    else
                        row.push_back(ScalarColumn<E>::to_value(item));
                    rows.push_back(std::move(row));
                }
                return rows;
            };
            b.convert.from_rows = [](const std::vector<Row>& rows, T& owner) {
                auto& list = owner.*pointer;
                list.clear();
                list.reserve(rows.size());
                for (const auto& row : rows) {
                    E item{};
                    if constexpr (Described<E>) {
                        std::size_t at = 0;
                        read_columns(row, at, item);
                    } else {
                        if (row.empty()) fail(ErrorCode::storage, "empty child row");
                        ScalarColumn<E>::from_value(row[0], item);
                    }
                    list.push_back(std::move(item));
                }
            };
            out.push_back(std::move(b));
        } else if constexpr (is_string_map<M>::value) {
            static_assert(std::is_same_v<M, CustomFields>,
                          "leadbook: only custom fields may be a map");
            constexpr auto pointer = d.pointer;
            ChildBinding<T> b;
            b.table.name = std::string(d.name) == "custom" ? "custom_fields" : d.name;
            b.table.columns = custom_columns();
            b.convert.to_rows = [](const T& owner) {
                std::vector<Row> rows;
                for (const auto& [name, value] : owner.*pointer) {
                    Row row;
                    custom_to_row(name, value, row);
                    rows.push_back(std::move(row));
                }
                return rows;
            };
            b.convert.from_rows = [](const std::vector<Row>& rows, T& owner) {
                auto& map = owner.*pointer;
                map.clear();
                for (const auto& row : rows) custom_from_row(row, map);
            };
            out.push_back(std::move(b));
        }
    });
    return out;
}

template <class T> std::vector<ListFieldInfo> list_fields() {
    std::vector<ListFieldInfo> out;
    boost::mp11::mp_for_each<public_members<T>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(std::declval<T&>().*d.pointer)>;
        if constexpr (is_vector<M>::value) {
            using E = typename M::value_type;
            ListFieldInfo info{d.name, d.name, nullptr};
            if constexpr (!Described<E>) {
                info.element_to_value = &json_to_column_value<E>;
            } else {
                boost::mp11::mp_for_each<public_members<E>>([&](auto m) {
                    using V = std::remove_cvref_t<decltype(std::declval<E&>().*m.pointer)>;
                    if constexpr (std::is_same_v<V, std::string>)
                        info.text_members.emplace_back(m.name);
                });
            }
            out.push_back(std::move(info));
        } else if constexpr (is_string_map<M>::value) {
            out.push_back(ListFieldInfo{d.name, "custom_fields", nullptr});
        }
    });
    return out;
}

/// Everything derived for one record type, built once.
template <class T> struct RecordSchema {
    TableDef table;
    std::vector<FieldInfo> fields; ///< scalar fields, incl. "id"
    std::vector<ListFieldInfo> lists;
    std::vector<ChildBinding<T>> children;

    static const RecordSchema& get() {
        static const RecordSchema schema = build();
        return schema;
    }

    const FieldInfo* field(std::string_view name) const {
        for (const auto& f : fields)
            if (f.name == name) return &f;
        return nullptr;
    }
    bool is_list(std::string_view name) const {
        for (const auto& l : lists)
            if (l.name == name) return true;
        return false;
    }

    Row to_row(const T& v) const {
        Row row;
        row.reserve(table.columns.size());
        write_columns(v, row, true);
        return row;
    }

    void from_row(std::int64_t id, const Row& row, T& v) const {
        std::size_t at = 0;
        read_columns(row, at, v, true);
        v.id = id;
    }

private:
    static RecordSchema build() {
        using Traits = RecordTraits<T>;
        RecordSchema s;
        s.table.name = Traits::table;
        s.table.kind = Traits::kind;
        s.fields.push_back(
            FieldInfo{"id", "id", ColumnType::integer, &json_to_column_value<std::int64_t>});
        append_columns<T>(s.table.columns, "", &s.fields, "");
        for (auto& c : s.table.columns) {
            for (const auto& f : s.fields) {
                if (f.column != c.name) continue;
                for (auto idx : Traits::indexed)
                    if (f.name == idx) c.indexed = true;
                for (auto nc : Traits::nocase)
                    if (f.name == nc) c.nocase = true;
            }
        }
        s.table.version_column = s.table.column_index("version");
        s.lists = list_fields<T>();
        s.children = child_bindings<T>();
        for (const auto& b : s.children) s.table.children.push_back(b.table);
        return s;
    }
};

} // namespace leadbook::detail

// The field schema (leadbook/field_schema.hpp): one walk over each record
// type's described members, with a static_assert naming any member type it
// does not know the JSON type of.
#include <leadbook/field_schema.hpp>

#include "record_schema.hpp"

#include <type_traits>

namespace leadbook {

namespace {

template <class> inline constexpr bool unknown_json_type = false;

template <class T> std::vector<FieldSchema> fields_of(bool top_level);

/// Fills in the type of `field`, a member of C++ type M.
template <class M> void describe_field(FieldSchema& field) {
    if constexpr (detail::is_optional<M>::value) {
        field.nullable = true;
        describe_field<typename M::value_type>(field);
    } else if constexpr (std::is_same_v<M, Bytes>) {
        field.type = JsonType::string;
        field.bytes = true;
        field.nullable = true; // no data is null
    } else if constexpr (std::is_same_v<M, Timestamp>) {
        field.type = JsonType::string;
        field.format = FieldFormat::timestamp;
    } else if constexpr (std::is_same_v<M, Date>) {
        field.type = JsonType::string;
        field.format = FieldFormat::date;
    } else if constexpr (std::is_same_v<M, Money>) {
        field.type = JsonType::string;
        field.format = FieldFormat::money;
    } else if constexpr (std::is_same_v<M, std::string> || detail::DescribedEnum<M>) {
        field.type = JsonType::string;
    } else if constexpr (std::is_same_v<M, bool>) {
        field.type = JsonType::boolean;
    } else if constexpr (std::is_integral_v<M>) {
        field.type = JsonType::integer;
    } else if constexpr (std::is_same_v<M, double>) {
        field.type = JsonType::number;
    } else if constexpr (std::is_same_v<M, Percent>) {
        field.type = JsonType::number;
        field.format = FieldFormat::percent;
    } else if constexpr (detail::is_vector<M>::value) {
        field.type = JsonType::array;
        if constexpr (detail::Described<typename M::value_type>)
            field.fields = fields_of<typename M::value_type>(false);
    } else if constexpr (detail::is_string_map<M>::value) {
        field.type = JsonType::object;
    } else if constexpr (detail::Described<M>) {
        field.type = JsonType::object;
        field.fields = fields_of<M>(false);
    } else {
        static_assert(unknown_json_type<M>,
                      "leadbook: this member type has no JSON type in the field schema; add it "
                      "to describe_field in field_schema.cpp");
    }
}

template <class T> std::vector<FieldSchema> fields_of(bool top_level) {
    std::vector<FieldSchema> fields;
    boost::mp11::mp_for_each<detail::public_members<T>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(std::declval<T&>().*d.pointer)>;
        FieldSchema field;
        field.name = d.name;
        describe_field<M>(field);
        field.system = top_level && detail::is_system_field(field.name);
        fields.push_back(std::move(field));
    });
    return fields;
}

template <class T> RecordFields record_fields() {
    return RecordFields{std::string(detail::RecordTraits<T>::collection), fields_of<T>(true)};
}

} // namespace

const std::vector<RecordFields>& field_schema() {
    static const std::vector<RecordFields> schema = {
        record_fields<Lead>(),
        record_fields<BusinessContact>(),
        record_fields<Account>(),
        record_fields<User>(),
        record_fields<ScoringCriterion>(),
        record_fields<HistoryItem>(),
        record_fields<Opportunity>(),
        record_fields<SalesStage>(),
        record_fields<FieldDefinition>(),
        record_fields<SavedReport>(),
        record_fields<MatchingRule>(),
        record_fields<DisqualifyReason>(),
        record_fields<PickListEntry>(),
    };
    return schema;
}

} // namespace leadbook

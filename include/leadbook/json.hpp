// leadbook/json.hpp: JSON for every described type, derived from its description.
//
//   boost::json::value v = leadbook::to_json(lead);       // or boost::json::value_from(lead)
//   auto lead = leadbook::from_json<leadbook::Lead>(v);    // or boost::json::value_to<Lead>(v)
//   leadbook::assign_json(lead, patch_object);             // only the keys present change
//
// Boost.JSON 1.81 converts described structs by itself, but it requires every
// member to be present and reports errors without naming the field. Records
// are written partially (only full_name is required) and every bad input must
// name its field, so the conversion here is our own, generic over
// Boost.Describe: unknown keys are rejected by name, missing keys keep their
// current value, and errors say where ("emails[1].address: expected a string").
#pragma once

#include <leadbook/error.hpp>
#include <leadbook/values.hpp>

#include <boost/describe/enum_from_string.hpp>
#include <boost/describe/enum_to_string.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cmath>
#include <concepts>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace leadbook {

namespace detail {

template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> struct is_vector : std::false_type {};
template <class T> struct is_vector<std::vector<T>> : std::true_type {};
template <class T> struct is_string_map : std::false_type {};
template <class T> struct is_string_map<std::map<std::string, T>> : std::true_type {};

template <class T>
concept Described = boost::describe::has_describe_members<T>::value;
template <class T>
concept DescribedEnum = boost::describe::has_describe_enumerators<T>::value;

template <class T>
using public_members = boost::describe::describe_members<T, boost::describe::mod_public |
                                                                boost::describe::mod_inherited>;

/// "emails[1].address"-style location for messages.
std::string join_path(std::string_view path, std::string_view name);
std::string index_path(std::string_view path, std::size_t index);
const char* json_kind_name(const boost::json::value& v) noexcept;
[[noreturn]] void json_type_error(std::string_view path, std::string_view expected,
                                  const boost::json::value& got);
[[noreturn]] void json_value_error(std::string_view path, const std::string& what);

/// Comma-separated enumerator names, for "must be one of ..." messages.
template <DescribedEnum E> std::string enum_names() {
    std::string names;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
        if (!names.empty()) names += ", ";
        names += d.name;
    });
    return names;
}

} // namespace detail

template <detail::DescribedEnum E> std::string_view enum_name(E value) {
    return boost::describe::enum_to_string(value, "?");
}

template <detail::DescribedEnum E> std::optional<E> enum_from_name(std::string_view name) {
    std::optional<E> result;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
        if (!result && name == d.name) result = d.value;
    });
    return result;
}

// ---- writing -------------------------------------------------------------

boost::json::value to_json(const std::string& v);
boost::json::value to_json(bool v);
boost::json::value to_json(double v);
boost::json::value to_json(const Timestamp& v);
boost::json::value to_json(const Date& v);
boost::json::value to_json(const Bytes& v);
boost::json::value to_json(const CustomValue& v);
boost::json::value to_json(const Money& v);
boost::json::value to_json(const Percent& v);

template <std::integral I>
requires(!std::same_as<I, bool>) boost::json::value to_json(I v) {
    return boost::json::value(static_cast<std::int64_t>(v));
}

template <detail::DescribedEnum E> boost::json::value to_json(E v) {
    return boost::json::value(enum_name(v));
}

/// Any JSON, as it is (a filter's value). A template so that nothing that
/// merely converts to a JSON value picks this overload.
template <std::same_as<boost::json::value> V> boost::json::value to_json(const V& v) { return v; }

template <class T> boost::json::value to_json(const std::optional<T>& v);
template <class T> boost::json::value to_json(const std::vector<T>& v);
template <class T> boost::json::value to_json(const std::map<std::string, T>& v);
template <detail::Described T> boost::json::value to_json(const T& v);

template <class T> boost::json::value to_json(const std::optional<T>& v) {
    if (!v) return nullptr;
    return to_json(*v);
}

template <class T> boost::json::value to_json(const std::vector<T>& v) {
    boost::json::array out;
    out.reserve(v.size());
    for (const auto& item : v) out.push_back(to_json(item));
    return out;
}

template <class T> boost::json::value to_json(const std::map<std::string, T>& v) {
    boost::json::object out;
    for (const auto& [key, item] : v) out[key] = to_json(item);
    return out;
}

template <detail::Described T> boost::json::value to_json(const T& v) {
    boost::json::object out;
    boost::mp11::mp_for_each<detail::public_members<T>>(
        [&](auto d) { out[d.name] = to_json(v.*d.pointer); });
    return out;
}

// ---- reading -------------------------------------------------------------
// read_json(value, out, path) replaces `out` for scalars and lists and, for
// described structs and maps, assigns only the keys present (that is what
// makes partial updates work; a map key set to null is removed). Errors throw
// Error(ErrorCode::validation).

void read_json(const boost::json::value& v, std::string& out, std::string_view path);
void read_json(const boost::json::value& v, bool& out, std::string_view path);
void read_json(const boost::json::value& v, double& out, std::string_view path);
void read_json(const boost::json::value& v, std::int64_t& out, std::string_view path);
void read_json(const boost::json::value& v, Timestamp& out, std::string_view path);
void read_json(const boost::json::value& v, Date& out, std::string_view path);
void read_json(const boost::json::value& v, Bytes& out, std::string_view path);
void read_json(const boost::json::value& v, CustomValue& out, std::string_view path);
void read_json(const boost::json::value& v, Money& out, std::string_view path);
void read_json(const boost::json::value& v, Percent& out, std::string_view path);
/// Any JSON, kept as it is (a filter's value, checked where it is used).
void read_json(const boost::json::value& v, boost::json::value& out, std::string_view path);

template <std::integral I>
requires(!std::same_as<I, bool> &&
         !std::same_as<I, std::int64_t>) void read_json(const boost::json::value& v, I& out,
                                                        std::string_view path) {
    std::int64_t wide = 0;
    read_json(v, wide, path);
    if (wide < static_cast<std::int64_t>(std::numeric_limits<I>::min()) ||
        wide > static_cast<std::int64_t>(std::numeric_limits<I>::max()))
        detail::json_value_error(path, "number out of range");
    out = static_cast<I>(wide);
}

template <detail::DescribedEnum E>
void read_json(const boost::json::value& v, E& out, std::string_view path) {
    const auto* s = v.if_string();
    if (!s) detail::json_type_error(path, "a string", v);
    auto parsed = enum_from_name<E>(std::string_view(*s));
    if (!parsed)
        detail::json_value_error(path, "'" + std::string(*s) + "' is not one of " +
                                           detail::enum_names<E>());
    out = *parsed;
}

template <class T>
void read_json(const boost::json::value& v, std::optional<T>& out, std::string_view path);
template <class T>
void read_json(const boost::json::value& v, std::vector<T>& out, std::string_view path);
template <class T>
void read_json(const boost::json::value& v, std::map<std::string, T>& out, std::string_view path);
template <detail::Described T>
void read_json(const boost::json::value& v, T& out, std::string_view path);

template <class T>
void read_json(const boost::json::value& v, std::optional<T>& out, std::string_view path) {
    if (v.is_null()) {
        out.reset();
        return;
    }
    T item{};
    read_json(v, item, path);
    out = std::move(item);
}

template <class T>
void read_json(const boost::json::value& v, std::vector<T>& out, std::string_view path) {
    const auto* a = v.if_array();
    if (!a) detail::json_type_error(path, "an array", v);
    std::vector<T> items;
    items.reserve(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        T item{};
        read_json((*a)[i], item, detail::index_path(path, i));
        items.push_back(std::move(item));
    }
    out = std::move(items);
}

/// Maps (user-defined fields) are read like described structs: only the
/// keys present change, and a key set to null is removed. So an update that
/// names one user-defined field leaves the others as they were.
template <class T>
void read_json(const boost::json::value& v, std::map<std::string, T>& out, std::string_view path) {
    const auto* o = v.if_object();
    if (!o) detail::json_type_error(path, "an object", v);
    std::map<std::string, T> items = out; // nothing changes unless every value reads
    for (const auto& kv : *o) {
        std::string key(kv.key());
        if (kv.value().is_null()) {
            items.erase(key);
            continue;
        }
        T item{};
        read_json(kv.value(), item, detail::join_path(path, key));
        items.insert_or_assign(std::move(key), std::move(item));
    }
    out = std::move(items);
}

namespace detail {

/// Assigns the members named in `v` (an object); unknown keys are an error.
/// The body of read_json for described structs, for overloads that check
/// more after reading the members.
template <Described T>
void read_members(const boost::json::value& v, T& out, std::string_view path) {
    const auto* o = v.if_object();
    if (!o) detail::json_type_error(path, "an object", v);
    for (const auto& kv : *o) {
        bool known = false;
        boost::mp11::mp_for_each<detail::public_members<T>>([&](auto d) {
            if (known || kv.key() != d.name) return;
            known = true;
            read_json(kv.value(), out.*d.pointer, detail::join_path(path, d.name));
        });
        if (!known)
            fail(ErrorCode::validation,
                 "unknown field '" + detail::join_path(path, kv.key()) + "'");
    }
}

} // namespace detail

/// Assigns the members named in `v` (an object); unknown keys are an error.
template <detail::Described T>
void read_json(const boost::json::value& v, T& out, std::string_view path) {
    detail::read_members(v, out, path);
}

/// A T built from default values and the members present in `v`.
template <class T> T from_json(const boost::json::value& v, std::string_view path = {}) {
    T out{};
    read_json(v, out, path);
    return out;
}

/// Assigns only the members named in `patch`; the others keep their values.
template <detail::Described T>
void assign_json(T& record, const boost::json::value& patch, std::string_view path = {}) {
    read_json(patch, record, path);
}

/// Parses JSON text; malformed text is Error(validation) with the position.
boost::json::value parse_json(std::string_view text);
/// Compact JSON text.
std::string serialize_json(const boost::json::value& v);

/// Whether the described type T has a (possibly nested, dotted) field `name`.
template <detail::Described T> bool has_field(std::string_view name) {
    bool found = false;
    boost::mp11::mp_for_each<detail::public_members<T>>([&](auto d) {
        if (name == d.name) found = true;
    });
    return found;
}

// ---- Boost.JSON integration ----------------------------------------------
// One generic tag_invoke pair, found by argument-dependent lookup for every
// described type in namespace leadbook, so boost::json::value_from and
// value_to use the conversion above.

template <detail::Described T>
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& v, const T& t) {
    v = to_json(t);
}

template <detail::Described T>
T tag_invoke(const boost::json::value_to_tag<T>&, const boost::json::value& v) {
    return from_json<T>(v);
}

} // namespace leadbook

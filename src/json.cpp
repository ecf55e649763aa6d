#include <leadbook/json.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>

namespace leadbook {

namespace detail {

std::string join_path(std::string_view path, std::string_view name) {
    if (path.empty()) return std::string(name);
    std::string out(path);
    out += '.';
    out += name;
    return out;
}

std::string index_path(std::string_view path, std::size_t index) {
    return std::string(path) + "[" + std::to_string(index) + "]";
}

const char* json_kind_name(const boost::json::value& v) noexcept {
    switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "true/false";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: return "a number";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
    }
    return "something else";
}

void json_type_error(std::string_view path, std::string_view expected,
                     const boost::json::value& got) {
    std::string where = path.empty() ? std::string("the value") : "'" + std::string(path) + "'";
    fail(ErrorCode::validation,
         where + " must be " + std::string(expected) + ", not " + json_kind_name(got));
}

void json_value_error(std::string_view path, const std::string& what) {
    std::string where = path.empty() ? std::string("the value") : "'" + std::string(path) + "'";
    fail(ErrorCode::validation, where + ": " + what);
}

} // namespace detail

boost::json::value to_json(const std::string& v) { return boost::json::value(v); }
boost::json::value to_json(bool v) { return boost::json::value(v); }
boost::json::value to_json(double v) {
    // Whole numbers print as integers ("5000", not "5e3").
    if (std::isfinite(v) && std::trunc(v) == v && std::fabs(v) < 9.0e15)
        return boost::json::value(static_cast<std::int64_t>(v));
    return boost::json::value(v);
}
boost::json::value to_json(const Timestamp& v) { return boost::json::value(v.to_string()); }
boost::json::value to_json(const Date& v) { return boost::json::value(v.to_string()); }
boost::json::value to_json(const Bytes& v) {
    if (v.empty()) return nullptr;
    return boost::json::value(base64_encode(v.data));
}
boost::json::value to_json(const CustomValue& v) {
    return std::visit(
        [](const auto& x) -> boost::json::value {
            using X = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<X, Date>)
                return boost::json::object{{"date", x.to_string()}};
            else
                return to_json(x);
        },
        v);
}

void read_json(const boost::json::value& v, std::string& out, std::string_view path) {
    const auto* s = v.if_string();
    if (!s) detail::json_type_error(path, "a string", v);
    out.assign(s->data(), s->size());
}

void read_json(const boost::json::value& v, bool& out, std::string_view path) {
    if (!v.is_bool()) detail::json_type_error(path, "true or false", v);
    out = v.get_bool();
}

void read_json(const boost::json::value& v, double& out, std::string_view path) {
    if (!v.is_number()) detail::json_type_error(path, "a number", v);
    out = v.to_number<double>();
}

void read_json(const boost::json::value& v, std::int64_t& out, std::string_view path) {
    if (v.is_int64()) {
        out = v.get_int64();
    } else if (v.is_uint64()) {
        if (v.get_uint64() > static_cast<std::uint64_t>(INT64_MAX))
            detail::json_value_error(path, "number out of range");
        out = static_cast<std::int64_t>(v.get_uint64());
    } else if (v.is_double()) {
        double d = v.get_double();
        if (std::trunc(d) != d) detail::json_value_error(path, "must be a whole number");
        if (!(d >= -9.2e18 && d <= 9.2e18)) detail::json_value_error(path, "number out of range");
        out = static_cast<std::int64_t>(d);
    } else {
        detail::json_type_error(path, "a whole number", v);
    }
}

void read_json(const boost::json::value& v, Timestamp& out, std::string_view path) {
    const auto* s = v.if_string();
    if (!s) detail::json_type_error(path, "a time such as \"2026-11-27T09:30:00Z\"", v);
    auto t = Timestamp::parse(std::string_view(*s));
    if (!t)
        detail::json_value_error(path, "'" + std::string(*s) +
                                           "' is not a UTC time such as 2026-11-27T09:30:00Z");
    out = *t;
}

void read_json(const boost::json::value& v, Date& out, std::string_view path) {
    const auto* s = v.if_string();
    if (!s) detail::json_type_error(path, "a date such as \"2026-11-27\"", v);
    auto d = Date::parse(std::string_view(*s));
    if (!d) detail::json_value_error(path, "'" + std::string(*s) + "' is not a date (YYYY-MM-DD)");
    out = *d;
}

void read_json(const boost::json::value& v, Bytes& out, std::string_view path) {
    if (v.is_null()) {
        out.data.clear();
        return;
    }
    const auto* s = v.if_string();
    if (!s) detail::json_type_error(path, "base64 text", v);
    auto bytes = base64_decode(std::string_view(*s));
    if (!bytes) detail::json_value_error(path, "not valid base64");
    out.data = std::move(*bytes);
}

void read_json(const boost::json::value& v, CustomValue& out, std::string_view path) {
    switch (v.kind()) {
    case boost::json::kind::string: out = std::string(v.get_string()); return;
    case boost::json::kind::bool_: out = v.get_bool(); return;
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: out = v.to_number<double>(); return;
    case boost::json::kind::object: {
        const auto& o = v.get_object();
        if (o.size() == 1 && o.contains("date")) {
            Date d;
            read_json(o.at("date"), d, detail::join_path(path, "date"));
            out = d;
            return;
        }
        break;
    }
    default: break;
    }
    detail::json_type_error(path, "text, a number, true/false or {\"date\": \"YYYY-MM-DD\"}", v);
}

void read_json(const boost::json::value& v, boost::json::value& out, std::string_view) { out = v; }

boost::json::value to_json(const Money& v) { return boost::json::value(v.to_string()); }

boost::json::value to_json(const Percent& v) {
    if (v.hundredths % 100 == 0) return boost::json::value(std::int64_t{v.hundredths / 100});
    return boost::json::value(v.hundredths / 100.0);
}

void read_json(const boost::json::value& v, Money& out, std::string_view path) {
    std::string text;
    if (v.is_string()) {
        text = std::string(v.get_string());
    } else if (v.is_int64() || v.is_uint64()) {
        text = boost::json::serialize(v); // whole numbers are unambiguous
    } else {
        detail::json_type_error(path, "an amount such as \"19.99\"", v);
    }
    auto money = Money::parse(text);
    if (!money)
        detail::json_value_error(path, "'" + text +
                                           "' is not an amount with at most two decimals"
                                           " (or it overflows)");
    out = *money;
}

void read_json(const boost::json::value& v, Percent& out, std::string_view path) {
    if (!v.is_number()) detail::json_type_error(path, "a percentage from 0 to 100", v);
    double d = v.to_number<double>();
    double hundredths = std::round(d * 100);
    if (!(d >= 0 && d <= 100)) detail::json_value_error(path, "must be from 0 to 100");
    if (std::fabs(hundredths - d * 100) > 1e-6)
        detail::json_value_error(path, "at most two decimals");
    out.hundredths = static_cast<std::int32_t>(hundredths);
}

boost::json::value parse_json(std::string_view text) {
    boost::system::error_code ec;
    boost::json::parse_options options;
    options.max_depth = 64;
    boost::json::value v = boost::json::parse(text, ec, {}, options);
    if (ec) fail(ErrorCode::validation, "malformed JSON: " + ec.message());
    return v;
}

std::string serialize_json(const boost::json::value& v) { return boost::json::serialize(v); }

} // namespace leadbook

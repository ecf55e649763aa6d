// The query vocabulary's JSON (leadbook/query.hpp): what the descriptions
// alone cannot say, the operator message and a condition's required field.
#include <leadbook/query.hpp>

namespace leadbook {

void read_json(const boost::json::value& v, FilterOp& out, std::string_view path) {
    const auto* s = v.if_string();
    if (!s) detail::json_type_error(path, "an operator name such as \"eq\"", v);
    auto op = enum_from_name<FilterOp>(std::string_view(*s));
    if (!op)
        detail::json_value_error(
            path, "'" + std::string(*s) +
                      "' is not an operator; use one of: " + detail::enum_names<FilterOp>());
    out = *op;
}

void read_json(const boost::json::value& v, Filter& out, std::string_view path) {
    detail::read_members(v, out, path);
    if (out.field.empty())
        fail(ErrorCode::validation,
             (path.empty() ? std::string("a condition") : "'" + std::string(path) + "'") +
                 " needs a field");
}

Selection selection_from_json(const boost::json::value& v) {
    const auto* o = v.if_object();
    if (!o || o->size() != 1 || !(o->contains("ids") || o->contains("where")))
        fail(ErrorCode::validation, "a selection is {\"ids\": [...]} or {\"where\": [...]}");
    if (const auto* ids = o->if_contains("ids"))
        return Selection::of(from_json<std::vector<Id>>(*ids, "ids"));
    return Selection::where(from_json<std::vector<Filter>>(o->at("where"), "where"));
}

} // namespace leadbook

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
    const std::string where =
        path.empty() ? std::string("a condition") : "'" + std::string(path) + "'";
    const bool group = !out.any.empty() || !out.all.empty() || !out.linked.empty();
    if (group && !out.field.empty())
        fail(ErrorCode::validation, where + " is a condition (field) or a group (any, all, "
                                            "linked), not both");
    if (!out.any.empty() && (!out.all.empty() || !out.linked.empty()))
        fail(ErrorCode::validation,
             where + " has 'any' with 'all' or 'linked'; put one group inside the other");
    if (!out.linked.empty() && out.all.empty())
        fail(ErrorCode::validation, where + " links to '" + out.linked +
                                        "' and needs the conditions on the linked records in "
                                        "'all'");
    if (!group && out.field.empty()) fail(ErrorCode::validation, where + " needs a field");
    if (group) {
        const auto* o = v.if_object();
        if (o && (o->contains("op") || o->contains("value")))
            fail(ErrorCode::validation,
                 where + " is a group; 'op' and 'value' belong to its conditions");
    }
}

boost::json::value to_json(const Filter& v) {
    boost::json::object out;
    if (!v.field.empty() || (v.any.empty() && v.all.empty() && v.linked.empty())) {
        out["field"] = v.field;
        out["op"] = enum_name(v.op);
        out["value"] = v.value;
    }
    auto group = [](const std::vector<Filter>& filters) {
        boost::json::array a;
        for (const auto& f : filters) a.push_back(to_json(f));
        return a;
    };
    if (!v.any.empty()) out["any"] = group(v.any);
    if (!v.linked.empty()) out["linked"] = v.linked;
    if (!v.all.empty()) out["all"] = group(v.all);
    if (v.negate) out["negate"] = true;
    return out;
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

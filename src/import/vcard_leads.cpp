#include "vcard_leads.hpp"

#include "../formats/charsets.hpp"

#include <array>

namespace leadbook::formats {

namespace {

/// The TYPE values that stand for a label, per list.
struct LabelTypes {
    std::string_view list;
    std::string_view label;
    std::array<std::string_view, 2> types;
};

constexpr LabelTypes label_types[] = {
    {"phones", "business fax", {"work", "fax"}},
    {"phones", "home fax", {"home", "fax"}},
    {"phones", "fax", {"fax", ""}},
    {"phones", "mobile", {"cell", ""}},
    {"phones", "pager", {"pager", ""}},
    {"phones", "business", {"work", ""}},
    {"phones", "home", {"home", ""}},
    {"emails", "business", {"work", ""}},
    {"emails", "home", {"home", ""}},
    {"addresses", "business", {"work", ""}},
    {"addresses", "home", {"home", ""}},
    {"web_pages", "business", {"work", ""}},
    {"web_pages", "home", {"home", ""}},
    // Other names of the same TYPEs: written with the TYPE (and X-LABEL).
    {"phones", "work", {"work", ""}},
    {"phones", "cell", {"cell", ""}},
    {"emails", "work", {"work", ""}},
    {"addresses", "work", {"work", ""}},
    {"web_pages", "work", {"work", ""}},
};

std::string_view default_label(std::string_view list) {
    if (list == "emails") return "email";
    if (list == "phones") return "phone";
    if (list == "addresses") return "address";
    return "website";
}

/// The label a property's TYPEs (or X-LABEL) give.
std::string label_of(const VCardProperty& p, std::string_view list) {
    std::string explicit_label = p.parameter("X-LABEL");
    if (!trim(explicit_label).empty()) return std::string(trim(explicit_label));
    for (const auto& entry : label_types) {
        if (entry.list != list) continue;
        bool all = true;
        for (auto type : entry.types)
            if (!type.empty() && !p.has_type(type)) all = false;
        if (all) return std::string(entry.label);
    }
    return std::string(default_label(list));
}

/// TYPE and X-LABEL parameters for a label.
std::string label_parameters(std::string_view list, const std::string& label) {
    std::string types;
    for (const auto& entry : label_types) {
        if (entry.list != list || entry.label != match_key(label)) continue;
        for (auto type : entry.types)
            if (!type.empty()) types += (types.empty() ? "" : ",") + std::string(type);
        break;
    }
    std::string out;
    if (!types.empty())
        out += ";TYPE=" + (types.find(',') != std::string::npos ? "\"" + types + "\"" : types);
    // Read back, would the TYPEs alone give this label?
    VCardProperty probe;
    if (!types.empty()) probe.parameters.push_back({"TYPE", types});
    if (label_of(probe, list) != label) out += ";X-LABEL=" + parameter_value(label);
    return out;
}

void property(std::string& out, std::string_view name, std::string_view value) {
    std::string line(name);
    line += ':';
    line += value;
    append_folded(out, line);
}

} // namespace

void lead_from_vcard(const VCard& card, LeadBuilder& builder, std::vector<FieldProblem>& problems) {
    bool has_fn = false, has_org = false;
    for (std::size_t i = 0; i < card.properties.size(); ++i) {
        const VCardProperty& p = card.properties[i];
        const int source = int(i);
        const std::string slot = "#" + std::to_string(i);
        if (p.name == "FN") {
            has_fn = has_fn || !trim(unescape_text(p.value)).empty();
            builder.add(text_target("full_name"), unescape_text(p.value), source);
            builder.set_name_source(source);
        } else if (p.name == "ORG") {
            const std::string company = split_components(p.value).front();
            has_org = has_org || !trim(company).empty();
            builder.add(text_target("company"), company, source);
        } else if (p.name == "TITLE") {
            builder.add(text_target("job_title"), unescape_text(p.value), source);
        } else if (p.name == "NOTE") {
            builder.add(text_target("notes"), unescape_text(p.value), source);
        } else if (p.name == "EMAIL") {
            builder.add(list_target("emails", label_of(p, "emails") + slot), unescape_text(p.value),
                        source);
        } else if (p.name == "TEL") {
            // A tel: URI (VALUE=uri, or written without it by some programs).
            std::string number = unescape_text(p.value);
            const std::string value_type = p.parameter("VALUE");
            if ((value_type.empty() || iequals_ascii(value_type, "uri")) &&
                iequals_ascii(std::string_view(number).substr(0, 4), "tel:"))
                number.erase(0, 4);
            builder.add(list_target("phones", label_of(p, "phones") + slot), number, source);
        } else if (p.name == "URL") {
            builder.add(list_target("web_pages", label_of(p, "web_pages") + slot),
                        unescape_text(p.value), source);
        } else if (p.name == "ADR") {
            // post office box; extended address; street; locality; region; postal code; country
            auto parts = split_components(p.value);
            parts.resize(7);
            const std::string entry = label_of(p, "addresses") + slot;
            std::string street = parts[2];
            if (!trim(parts[1]).empty()) street += (street.empty() ? "" : "\n") + parts[1];
            builder.add(list_target("addresses", entry, "street"), street, source);
            builder.add(list_target("addresses", entry, "city"), parts[3], source);
            builder.add(list_target("addresses", entry, "state"), parts[4], source);
            builder.add(list_target("addresses", entry, "postal_code"), parts[5], source);
            builder.add(list_target("addresses", entry, "country"), parts[6], source);
        }
    }
    // A card of a company alone may leave FN empty or out: the builder
    // names the lead after its ORG.
    if (!has_fn && !has_org)
        problems.push_back(
            {-1, "the card has no FN (formatted name), which vCard requires, nor an ORG"});
}

void append_vcard(std::string& out, const Lead& lead) {
    out += "BEGIN:VCARD\r\nVERSION:4.0\r\n";
    property(out, "FN", escape_text(lead.full_name));
    auto name = split_full_name(lead.full_name);
    property(out, "N",
             escape_text(name[2]) + ";" + escape_text(name[0]) + ";" + escape_text(name[1]) + ";;");
    if (!lead.company.empty()) property(out, "ORG", escape_text(lead.company));
    if (!lead.job_title.empty()) property(out, "TITLE", escape_text(lead.job_title));
    for (const auto& e : lead.emails)
        property(out, "EMAIL" + label_parameters("emails", e.label), escape_text(e.address));
    for (const auto& p : lead.phones) {
        // A number that itself starts with "tel:" is written as a URI, so
        // that reading it back takes off only the prefix added here.
        const bool uri = iequals_ascii(std::string_view(p.number).substr(0, 4), "tel:");
        property(out,
                 "TEL" + std::string(uri ? ";VALUE=uri" : "") + label_parameters("phones", p.label),
                 (uri ? "tel:" : "") + escape_text(p.number));
    }
    for (const auto& a : lead.addresses)
        property(out, "ADR" + label_parameters("addresses", a.label),
                 ";;" + escape_text(a.street) + ";" + escape_text(a.city) + ";" +
                     escape_text(a.state) + ";" + escape_text(a.postal_code) + ";" +
                     escape_text(a.country));
    for (const auto& w : lead.web_pages)
        property(out, "URL" + label_parameters("web_pages", w.label), escape_text(w.url));
    if (!lead.notes.empty()) property(out, "NOTE", escape_text(lead.notes));
    out += "END:VCARD\r\n";
}

} // namespace leadbook::formats

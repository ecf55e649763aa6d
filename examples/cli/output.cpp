// output.cpp: records as cards (one record, field by field), table rows and
// JSON lines.
#include "cli.hpp"

#include <ostream>
#include <sstream>

namespace leadbook_cli {

std::string short_time(const leadbook::Timestamp& time) {
    std::string text = time.to_string(); // "2026-11-27T09:30:00Z" or with ".123"
    if (text.size() < 16 || text[10] != 'T') return text;
    return cat(std::string_view(text).substr(0, 10), " ", std::string_view(text).substr(11, 5));
}

std::string UserNames::name(std::optional<leadbook::Id> id) {
    if (!id) return {};
    auto it = names_.find(*id);
    if (it != names_.end()) return it->second;
    auto user = book_->users().try_get(*id);
    std::string name = user ? user->name : cat("#", std::to_string(*id));
    names_.emplace(*id, name);
    return name;
}

void print_json_line(std::ostream& out, const boost::json::value& value) {
    out << leadbook::serialize_json(value) << '\n';
}

namespace {

/// Prints "  label:  value" lines with the values in one column; a value of
/// several lines continues under itself.
class Card {
public:
    explicit Card(std::ostream& out) : out_(&out) {}
    void field(std::string_view label, std::string_view value) {
        if (value.empty()) return;
        std::string prefix = cat("  ", label, ":");
        prefix.append(label_width > prefix.size() ? label_width - prefix.size() : 1, ' ');
        std::size_t start = 0;
        while (start <= value.size()) {
            auto end = value.find('\n', start);
            if (end == std::string_view::npos) end = value.size();
            *out_ << prefix << value.substr(start, end - start) << '\n';
            prefix.assign(label_width, ' ');
            start = end + 1;
        }
    }

private:
    static constexpr std::size_t label_width = 16;
    std::ostream* out_;
};

template <class Item> std::string labelled(const Item& item, const std::string& value) {
    return item.label.empty() ? value : cat(value, " (", item.label, ")");
}

std::string address_text(const leadbook::PostalAddress& a) {
    std::string text;
    auto add = [&](const std::string& part, const char* separator) {
        if (part.empty()) return;
        if (!text.empty()) text += separator;
        text += part;
    };
    add(a.street, ", ");
    add(a.city, ", ");
    add(a.state, ", ");
    add(a.postal_code, " ");
    add(a.country, ", ");
    std::string tags = a.label;
    if (a.mailing) tags += tags.empty() ? "mailing" : ", mailing";
    return tags.empty() ? text : cat(text, " (", tags, ")");
}

std::string stars_text(const leadbook::Score& score) {
    std::string text;
    const char* full = "\xE2\x98\x85";  // ★
    const char* empty = "\xE2\x98\x86"; // ☆
    for (int i = 0; i < 5; ++i) text += i < score.stars ? full : empty;
    if (score.mode == leadbook::ScoreMode::manual) return cat(text, " (manual)");
    return cat(text, " (", std::to_string(score.percent), "%, ", std::to_string(score.points),
               " of ", std::to_string(score.max_points), " points)");
}

std::string custom_text(const leadbook::CustomValue& value) {
    if (const auto* s = std::get_if<std::string>(&value)) return *s;
    if (const auto* b = std::get_if<bool>(&value)) return *b ? "yes" : "no";
    if (const auto* d = std::get_if<leadbook::Date>(&value)) return d->to_string();
    return leadbook::serialize_json(leadbook::to_json(std::get<double>(value)));
}

template <class T> std::string join(const std::vector<T>& items, std::string (*text)(const T&)) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += "\n";
        out += text(item);
    }
    return out;
}

std::string email_text(const leadbook::EmailAddress& e) { return labelled(e, e.address); }
std::string phone_text(const leadbook::Phone& p) { return labelled(p, p.number); }
std::string web_text(const leadbook::WebPage& w) { return labelled(w, w.url); }

std::string user_text(UserNames& users, std::optional<leadbook::Id> id) {
    if (!id) return {};
    return cat(users.name(id), " (#", std::to_string(*id), ")");
}

} // namespace

void print_lead_card(std::ostream& out, const leadbook::Lead& lead, UserNames& users) {
    out << "Lead " << lead.id << ": " << lead.full_name << '\n';
    Card card(out);
    card.field("job title", lead.job_title);
    card.field("company", lead.company);
    card.field("file as", lead.file_as);
    if (lead.account_id) card.field("account", cat("#", std::to_string(*lead.account_id)));
    card.field("e-mail", join(lead.emails, &email_text));
    card.field("phone", join(lead.phones, &phone_text));
    card.field("web page", join(lead.web_pages, &web_text));
    card.field("address", join(lead.addresses, &address_text));
    card.field("source", lead.source);
    card.field("initiated by", lead.initiated_by);
    card.field("rating", lead.rating);
    // With no scoring criteria an automatic score says nothing.
    if (lead.score.mode == leadbook::ScoreMode::manual || lead.score.max_points > 0)
        card.field("score", stars_text(lead.score));
    card.field("assigned to", user_text(users, lead.assigned_to));
    if (!lead.photo.empty()) card.field("photo", cat(std::to_string(lead.photo.size()), " bytes"));
    for (const auto& [name, value] : lead.custom) card.field(name, custom_text(value));
    card.field("notes", lead.notes);
    card.field("created", short_time(lead.created_at));
    std::string modified = short_time(lead.modified_at);
    if (lead.modified_by) modified += cat(" by ", user_text(users, lead.modified_by));
    card.field("modified", modified);
    card.field("version", std::to_string(lead.version));
}

void print_user_card(std::ostream& out, const leadbook::User& user) {
    out << "User " << user.id << ": " << user.name << '\n';
    Card card(out);
    card.field("e-mail", user.email);
    card.field("active", user.active ? "yes" : "no");
    card.field("created", short_time(user.created_at));
    card.field("version", std::to_string(user.version));
}

std::size_t print_lead_table(std::ostream& out, leadbook::Cursor<leadbook::Lead>& leads,
                             UserNames& users) {
    TablePrinter table(out, {{"ID", 10, true},
                             {"Name", 24},
                             {"Company", 24},
                             {"E-mail", 40},
                             {"Phone", 18},
                             {"Rating", 8},
                             {"Assigned to", 18},
                             {"Modified", 16}});
    for (const auto& lead : leads) {
        table.add_row({std::to_string(lead.id), lead.full_name, lead.company,
                       lead.emails.empty() ? std::string() : lead.emails.front().address,
                       lead.phones.empty() ? std::string() : lead.phones.front().number,
                       lead.rating, users.name(lead.assigned_to), short_time(lead.modified_at)});
    }
    std::size_t rows = table.finish();
    if (rows == 0)
        out << "No leads.\n";
    else
        out << rows << (rows == 1 ? " lead\n" : " leads\n");
    return rows;
}

std::size_t print_lead_json_lines(std::ostream& out, leadbook::Cursor<leadbook::Lead>& leads) {
    std::size_t rows = 0;
    for (const auto& lead : leads) {
        print_json_line(out, leadbook::to_json(lead));
        ++rows;
    }
    return rows;
}

} // namespace leadbook_cli

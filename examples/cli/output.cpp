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

std::string RecordNames::name(std::optional<leadbook::Id> id) {
    if (!id) return {};
    auto it = names_.find(*id);
    if (it != names_.end()) return it->second;
    // Records, accounts and opportunities share one id sequence: at most one
    // of these has the id.
    std::string name;
    if (auto lead = book_->leads().try_get(*id))
        name = cat(lead->full_name, " (lead)");
    else if (auto contact = book_->contacts().try_get(*id))
        name = cat(contact->full_name, " (contact)");
    else if (auto account = book_->accounts().try_get(*id))
        name = cat(account->name, " (account)");
    else if (auto opportunity = book_->opportunities().try_get(*id))
        name = cat(opportunity->title, " (opportunity)");
    else
        name = cat("#", std::to_string(*id));
    names_.emplace(*id, name);
    return name;
}

boost::json::value select_fields(const boost::json::value& value,
                                 const std::vector<std::string>& fields) {
    const auto* object = value.if_object();
    if (!object || fields.empty()) return value;
    boost::json::object selected;
    for (const auto& field : fields) {
        // Walk "a.b.c" through nested objects, creating the same nesting in
        // `selected`; a missing step leaves the field out.
        const boost::json::object* from = object;
        boost::json::object* to = &selected;
        std::string_view rest = field;
        while (from) {
            auto dot = rest.find('.');
            std::string_view part = rest.substr(0, dot);
            const boost::json::value* member = from->if_contains(part);
            if (!member) break;
            if (dot == std::string_view::npos) {
                (*to)[part] = *member;
                break;
            }
            from = member->if_object();
            if (!from) break;
            boost::json::value& slot = (*to)[part];
            if (!slot.is_object()) slot = boost::json::object();
            to = &slot.as_object();
            rest = rest.substr(dot + 1);
        }
    }
    return selected;
}

std::vector<std::string> parse_field_list(std::string_view text) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        auto comma = text.find(',', start);
        std::string_view name = text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (name.empty() || name.front() == '.' || name.back() == '.' ||
            name.find("..") != std::string_view::npos)
            throw UsageError(cat("--fields takes field names separated by commas (id,full_name); "
                                 "not '",
                                 text, "'"));
        fields.emplace_back(name);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return fields;
}

int delete_by_id(const Context& ctx, const Args& args, std::string_view command,
                 std::string_view noun,
                 const std::function<std::string(leadbook::LeadBook&, leadbook::Id)>& remove) {
    auto options = parse_options(command, args, {});
    const std::string what = cat("a ", noun, " ID");
    expect_positionals(command, options, 1, 1, what);
    const auto id = parse_id(options.positionals[0], cat("the ", noun, " ID"));
    auto book = open_book(ctx, false);
    const std::string name = remove(book, id);
    if (ctx.json)
        print_json_line(ctx, boost::json::object{{"id", id}, {"deleted", true}});
    else
        *ctx.out << "Deleted " << noun << " " << id << " (" << name << ").\n";
    return 0;
}

void print_json_line(const Context& ctx, const boost::json::value& value) {
    *ctx.out << leadbook::serialize_json(select_fields(value, ctx.json_fields)) << '\n';
}

void Card::field(std::string_view label, std::string_view value) {
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

std::string stars_glyphs(std::int32_t stars) {
    const char* filled = "\xE2\x98\x85"; // ★
    const char* empty = "\xE2\x98\x86";  // ☆
    std::string text;
    for (std::int32_t i = 0; i < 5; ++i) text += i < stars ? filled : empty;
    return text;
}

std::string score_text(const leadbook::Score& score) {
    std::string text = stars_glyphs(score.stars);
    if (score.mode == leadbook::ScoreMode::manual)
        text += " (manual)";
    else
        text += cat(" (", std::to_string(score.percent), "%, ", std::to_string(score.points),
                    " of ", std::to_string(score.max_points), " points)");
    if (!score.grade.empty()) text += cat(", grade ", score.grade);
    return text;
}

std::string signed_points(std::int32_t points) {
    return points > 0 ? cat("+", std::to_string(points)) : std::to_string(points);
}

namespace {

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

/// The fields a lead and a business contact share, after the heading.
void person_fields(Card& card, leadbook::LeadBook* book, const leadbook::Lead& lead,
                   UserNames& users) {
    card.field("job title", lead.job_title);
    card.field("company", lead.company);
    card.field("file as", lead.file_as);
    if (lead.account_id) {
        auto account = book ? book->accounts().try_get(*lead.account_id) : std::nullopt;
        card.field("account", cat(account ? account->name : std::string(), account ? " (#" : "#",
                                  std::to_string(*lead.account_id), account ? ")" : ""));
    }
    card.field("e-mail", join(lead.emails, &email_text));
    card.field("phone", join(lead.phones, &phone_text));
    card.field("web page", join(lead.web_pages, &web_text));
    card.field("address", join(lead.addresses, &address_text));
    card.field("source", lead.source);
    card.field("initiated by", lead.initiated_by);
    card.field("rating", lead.rating);
    // With no scoring criteria an automatic score says nothing.
    if (lead.score.mode == leadbook::ScoreMode::manual || lead.score.max_points > 0)
        card.field("score", score_text(lead.score));
    card.field("assigned to", user_text(users, lead.assigned_to));
    if (!lead.photo.empty()) card.field("photo", cat(std::to_string(lead.photo.size()), " bytes"));
    for (const auto& [name, value] : lead.custom) card.field(name, custom_text(value));
    card.field("notes", lead.notes);
    if (book) {
        // count() runs in the database; nothing is loaded to count.
        auto items = book->history().count({.where = {{"links", FilterOp::has, lead.id}}});
        if (items > 0)
            card.field("history", cat(std::to_string(items), items == 1 ? " item" : " items"));
        auto deals = book->opportunities().count({.where = {{"linked_to", FilterOp::eq, lead.id}}});
        if (deals > 0) card.field("opportunities", std::to_string(deals));
    }
}

void person_footer(Card& card, const leadbook::Lead& lead, UserNames& users) {
    card.field("created", short_time(lead.created_at));
    std::string modified = short_time(lead.modified_at);
    if (lead.modified_by) modified += cat(" by ", user_text(users, lead.modified_by));
    card.field("modified", modified);
    card.field("version", std::to_string(lead.version));
}

std::string date_text(const std::optional<leadbook::Date>& date) {
    return date ? date->to_string() : std::string();
}

/// Leads and business contacts share their table columns.
class PersonTable {
public:
    PersonTable(std::ostream& out, UserNames& users)
        : table_(out, {{"ID", 10, true},
                       {"Name", 24},
                       {"Company", 24},
                       {"E-mail", 36},
                       {"Phone", 18},
                       {"Rating", 8},
                       {"Stars", 5},
                       {"Assigned to", 18},
                       {"Modified", 16}}),
          users_(&users) {}
    void add(const leadbook::Lead& lead) {
        table_.add_row({std::to_string(lead.id), lead.full_name, lead.company,
                        lead.emails.empty() ? std::string() : lead.emails.front().address,
                        lead.phones.empty() ? std::string() : lead.phones.front().number,
                        lead.rating, stars_glyphs(lead.score.stars), users_->name(lead.assigned_to),
                        short_time(lead.modified_at)});
    }
    std::size_t finish(std::ostream& out, std::string_view one, std::string_view many,
                       std::string_view none) {
        std::size_t rows = table_.finish();
        if (rows == 0)
            out << none << '\n';
        else
            out << rows << ' ' << (rows == 1 ? one : many) << '\n';
        return rows;
    }

private:
    TablePrinter table_;
    UserNames* users_;
};

} // namespace

void print_lead_card(std::ostream& out, const leadbook::Lead& lead, UserNames& users) {
    out << "Lead " << lead.id << ": " << lead.full_name << '\n';
    Card card(out);
    if (lead.status == leadbook::LeadStatus::disqualified)
        card.field("status", "disqualified (" + lead.status_reason + ")");
    person_fields(card, users.book(), lead, users);
    person_footer(card, lead, users);
}

void print_contact_card(std::ostream& out, const leadbook::BusinessContact& contact,
                        UserNames& users) {
    out << "Business contact " << contact.id << ": " << contact.full_name << '\n';
    Card card(out);
    person_fields(card, users.book(), contact, users);
    const auto& d = contact.details;
    card.field("department", d.department);
    card.field("office", d.office);
    card.field("profession", d.profession);
    card.field("manager", d.manager_name);
    card.field("assistant", d.assistant_name);
    card.field("birthday", date_text(d.birthday));
    card.field("anniversary", date_text(d.anniversary));
    card.field("nickname", d.nickname);
    card.field("spouse/partner", d.spouse_or_partner);
    if (d == leadbook::ContactDetails{})
        card.field("details", "none yet (department, office, birthday, ...)");
    person_footer(card, contact, users);
}

void print_user_card(std::ostream& out, const leadbook::User& user) {
    out << "User " << user.id << ": " << user.name << '\n';
    Card card(out);
    card.field("e-mail", user.email);
    card.field("status", user.active ? "active" : "inactive");
    card.field("created", short_time(user.created_at));
    card.field("version", std::to_string(user.version));
}

std::size_t print_lead_table(std::ostream& out, leadbook::Cursor<leadbook::Lead>& leads,
                             UserNames& users) {
    PersonTable table(out, users);
    for (const auto& lead : leads) table.add(lead);
    return table.finish(out, "lead", "leads", "No leads.");
}

std::size_t print_contact_table(std::ostream& out,
                                leadbook::Cursor<leadbook::BusinessContact>& contacts,
                                UserNames& users) {
    PersonTable table(out, users);
    for (const auto& contact : contacts) table.add(contact);
    return table.finish(out, "business contact", "business contacts", "No business contacts.");
}

std::size_t print_lead_json_lines(const Context& ctx, leadbook::Cursor<leadbook::Lead>& leads) {
    std::size_t rows = 0;
    for (const auto& lead : leads) {
        print_json_line(ctx, leadbook::to_json(lead));
        ++rows;
    }
    return rows;
}

} // namespace leadbook_cli

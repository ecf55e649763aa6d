// history_commands.cpp: leadbook history add | list | unlink: the
// communication history of leads, contacts, accounts and opportunities.
#include "cli.hpp"

#include <ostream>

namespace leadbook_cli {

const std::string_view history_help = R"(Usage: leadbook [global options] history SUBCOMMAND ...

A history item is a business note, phone log, appointment, task, e-mail or
file, linked to one or more records (leads, contacts, accounts,
opportunities).

  history add --lead ID... --kind KIND --subject S [--body B] [--at TIME]
              [KIND's options]
      Adds a history item and prints it. --lead repeats (an item can belong
      to several records) and takes any record id. KIND is business_note,
      phone_log, appointment, task, email or file; TIME is when it happened
      (default: the appointment's start, the e-mail's date, else now).
      Options of one kind only (giving them for another kind is an error):
        phone_log:    --direction incoming|outgoing  --duration SECONDS
        appointment:  --start TIME (required)  --end TIME  --location L
        task:         --due YYYY-MM-DD  --status not_started|in_progress|
                      completed|waiting|deferred  --priority low|normal|high
                      --percent N
        email:        --from ADDRESS  --to ADDRESS  --sent TIME  --message-id ID
        file:         --file-name NAME  --file-size BYTES  --media-type TYPE
                      --path PATH
      TIME is ISO 8601 ("2026-11-27T09:30:00Z", "2026-11-27T10:30+01:00") or
      "2026-11-27 09:30" (UTC).
      Example: history add --lead 1 --kind phone_log --subject "Called about
               the quote" --direction outgoing --duration 300
  history list ID [--kind KIND] [--limit N]
      The history of record ID, newest first.
  history unlink ITEM RECORD
      Unlinks history item ITEM from RECORD. A business note or phone log
      left linked to nothing is deleted; other kinds are kept.
)";

namespace {

std::string duration_text(std::int64_t seconds) {
    auto two = [](std::int64_t n) { return cat(n < 10 ? "0" : "", std::to_string(n)); };
    if (seconds >= 3600)
        return cat(std::to_string(seconds / 3600), ":", two(seconds / 60 % 60), ":",
                   two(seconds % 60));
    return cat(std::to_string(seconds / 60), ":", two(seconds % 60));
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

/// What one kind of item has to say, on one line: "outgoing, 5:00",
/// "2026-12-04 10:00-11:00 at Contoso HQ", "due 2026-12-01, in progress".
std::string details_text(const leadbook::HistoryItem& item) {
    using leadbook::HistoryKind;
    std::string text;
    auto add = [&](std::string_view part) {
        if (part.empty()) return;
        if (!text.empty()) text += ", ";
        text += part;
    };
    switch (item.kind) {
    case HistoryKind::business_note: add(first_line(item.body)); break;
    case HistoryKind::phone_log:
        if (item.direction) add(leadbook::enum_name(*item.direction));
        if (item.duration) add(duration_text(*item.duration));
        break;
    case HistoryKind::appointment:
        if (item.start) {
            std::string when = short_time(*item.start);
            if (item.end) {
                std::string end = short_time(*item.end);
                // Same day: only the end's time.
                when += cat("-", end.compare(0, 10, when, 0, 10) == 0 ? end.substr(11) : end);
            }
            add(when);
        }
        if (!item.location.empty()) text += cat(text.empty() ? "at " : " at ", item.location);
        break;
    case HistoryKind::task:
        if (item.due_date) add(cat("due ", item.due_date->to_string()));
        if (item.status) add(enum_words(*item.status));
        if (item.priority) add(cat(leadbook::enum_name(*item.priority), " priority"));
        if (item.percent_complete) add(cat(std::to_string(*item.percent_complete), "% done"));
        break;
    case HistoryKind::email:
        if (!item.from.empty()) add(cat("from ", item.from));
        if (!item.to.empty()) add(cat("to ", item.to));
        break;
    case HistoryKind::file:
        add(item.file_name);
        if (item.file_size) add(cat(std::to_string(*item.file_size), " bytes"));
        break;
    }
    return text;
}

/// The id given is a record history can link to, or Error(not_found).
void expect_record(leadbook::LeadBook& book, leadbook::Id id) {
    if (book.leads().exists(id) || book.contacts().exists(id) || book.accounts().exists(id) ||
        book.opportunities().exists(id))
        return;
    leadbook::fail(leadbook::ErrorCode::not_found,
                   cat("there is no lead, contact, account or opportunity ", std::to_string(id)));
}

} // namespace

void print_history_card(std::ostream& out, const leadbook::HistoryItem& item, UserNames& users,
                        RecordNames& records) {
    out << "History item " << item.id << ": " << item.subject << '\n';
    Card card(out);
    card.field("kind", enum_words(item.kind));
    card.field("when", cat(short_time(item.occurred_at), " UTC"));
    std::string links;
    for (auto id : item.links)
        links += cat(links.empty() ? "" : "\n", records.name(id), " #", std::to_string(id));
    card.field("linked to", links);
    if (item.kind != leadbook::HistoryKind::business_note)
        card.field("details", details_text(item));
    card.field("body", item.body);
    if (item.sent_at) card.field("sent", short_time(*item.sent_at));
    card.field("message id", item.message_id);
    card.field("media type", item.media_type);
    card.field("path", item.file_path);
    if (item.modified_by) card.field("by", users.name(item.modified_by));
    card.field("version", std::to_string(item.version));
}

std::size_t print_history_table(std::ostream& out, leadbook::Cursor<leadbook::HistoryItem>& items,
                                UserNames& users) {
    TablePrinter table(out, {{"ID", 10, true},
                             {"When", 16},
                             {"Kind", 13},
                             {"Subject", 36},
                             {"Details", 40},
                             {"By", 18}});
    for (const auto& item : items)
        table.add_row({std::to_string(item.id), short_time(item.occurred_at), enum_words(item.kind),
                       item.subject, details_text(item), users.name(item.modified_by)});
    std::size_t rows = table.finish();
    if (rows == 0)
        out << "No history.\n";
    else
        out << rows << (rows == 1 ? " history item\n" : " history items\n");
    return rows;
}

int history_add(const Context& ctx, const Args& args) {
    auto options = parse_options("history add", args, {{"lead", true, true},
                                                       {"kind"},
                                                       {"subject"},
                                                       {"body"},
                                                       {"at"},
                                                       {"direction"},
                                                       {"duration"},
                                                       {"start"},
                                                       {"end"},
                                                       {"location"},
                                                       {"due"},
                                                       {"status"},
                                                       {"priority"},
                                                       {"percent"},
                                                       {"from"},
                                                       {"to"},
                                                       {"sent"},
                                                       {"message-id"},
                                                       {"file-name"},
                                                       {"file-size"},
                                                       {"media-type"},
                                                       {"path"}});
    expect_positionals("history add", options, 0, 0, "");
    if (options.all("lead").empty()) throw UsageError("'history add' needs --lead ID");
    if (!options.has("kind")) throw UsageError("'history add' needs --kind KIND");
    if (!options.has("subject")) throw UsageError("'history add' needs --subject TEXT");

    // The item as JSON: the library then names any field it rejects.
    boost::json::object item;
    item["kind"] =
        leadbook::enum_name(parse_choice<leadbook::HistoryKind>(*options.get("kind"), "--kind"));
    item["subject"] = *options.get("subject");
    boost::json::array links;
    for (const auto& id : options.all("lead")) links.emplace_back(parse_id(id, "--lead"));
    item["links"] = std::move(links);
    auto text = [&](const char* option, const char* field) {
        if (auto v = options.get(option)) item[field] = *v;
    };
    auto time = [&](const char* option, const char* field) {
        if (auto v = options.get(option))
            item[field] = leadbook::to_json(parse_time(*v, cat("--", option)));
    };
    auto count = [&](const char* option, const char* field) {
        if (auto v = options.get(option)) item[field] = parse_count(*v, cat("--", option));
    };
    text("body", "body");
    time("at", "occurred_at");
    if (auto v = options.get("direction"))
        item["direction"] =
            leadbook::enum_name(parse_choice<leadbook::CallDirection>(*v, "--direction"));
    count("duration", "duration");
    time("start", "start");
    time("end", "end");
    text("location", "location");
    if (auto v = options.get("due")) item["due_date"] = leadbook::to_json(parse_date(*v, "--due"));
    if (auto v = options.get("status"))
        item["status"] = leadbook::enum_name(parse_choice<leadbook::TaskStatus>(*v, "--status"));
    if (auto v = options.get("priority"))
        item["priority"] = leadbook::enum_name(parse_choice<leadbook::Priority>(*v, "--priority"));
    count("percent", "percent_complete");
    text("from", "from");
    text("to", "to");
    time("sent", "sent_at");
    text("message-id", "message_id");
    text("file-name", "file_name");
    count("file-size", "file_size");
    text("media-type", "media_type");
    text("path", "file_path");

    auto book = open_book(ctx, false);
    auto stored = book.history().add_json(item);
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(stored));
    } else {
        UserNames users(book);
        RecordNames records(book);
        print_history_card(*ctx.out, stored, users, records);
    }
    return 0;
}

int history_list(const Context& ctx, const Args& args) {
    auto options = parse_options("history list", args, {{"kind"}, {"limit"}});
    expect_positionals("history list", options, 1, 1, "a record ID");
    auto id = parse_id(options.positionals[0], "the record ID");
    leadbook::RecordQuery query;
    query.where.push_back({"links", FilterOp::has, id});
    if (auto kind = options.get("kind"))
        query.where.push_back(
            {"kind", FilterOp::eq,
             leadbook::to_json(parse_choice<leadbook::HistoryKind>(*kind, "--kind"))});
    query.order_by = {"-occurred_at"};
    if (auto limit = options.get("limit")) query.limit = parse_count(*limit, "--limit");

    auto book = open_book(ctx, false);
    expect_record(book, id);
    auto items = book.history().find(query);
    if (ctx.json) {
        for (const auto& item : items) print_json_line(ctx, leadbook::to_json(item));
    } else {
        UserNames users(book);
        print_history_table(*ctx.out, items, users);
    }
    return 0;
}

int history_unlink(const Context& ctx, const Args& args) {
    auto options = parse_options("history unlink", args, {});
    expect_positionals("history unlink", options, 2, 2, "a history item ID and a record ID");
    auto item = parse_id(options.positionals[0], "the history item ID");
    auto record = parse_id(options.positionals[1], "the record ID");
    auto book = open_book(ctx, false);
    auto kept = book.unlink_history(item, record);
    if (ctx.json) {
        print_json_line(
            ctx, kept ? leadbook::to_json(*kept)
                      : boost::json::value(boost::json::object{{"id", item}, {"deleted", true}}));
        return 0;
    }
    *ctx.out << "Unlinked history item " << item << " from record " << record;
    if (kept && kept->links.empty())
        *ctx.out << "; it is kept (only notes and phone logs go with their last link).\n";
    else if (kept)
        *ctx.out << "; it stays linked to " << kept->links.size()
                 << (kept->links.size() == 1 ? " record.\n" : " records.\n");
    else
        *ctx.out << "; linked to nothing else, it was deleted.\n";
    return 0;
}

} // namespace leadbook_cli

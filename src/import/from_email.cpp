// lead_from_email: the record an e-mail came from, found or created, and
// the message in its history.
#include "../formats/email_message.hpp"

#include <leadbook/import.hpp>

#include <algorithm>
#include <fstream>

namespace leadbook {

namespace {

/// The first (lowest id) record with `address` among its e-mail addresses,
/// compared without case: one look-up in the index of stored addresses,
/// however many records there are.
template <class T>
std::optional<T> find_by_address(Collection<T>& records, const std::string& address) {
    RecordQuery query;
    query.where.push_back(Filter{"emails.address", FilterOp::has, boost::json::value(address)});
    query.limit = 1;
    return records.find(query).next();
}

Id record_history(LeadBook& book, const EmailMessage& message, Id record) {
    if (!message.message_id.empty()) {
        RecordQuery same;
        same.where.push_back(
            Filter{"message_id", FilterOp::eq, boost::json::value(message.message_id)});
        same.where.push_back(Filter{"kind", FilterOp::eq, boost::json::value("email")});
        same.limit = 1;
        for (const auto& item : book.history().find(same)) {
            // The same message captured again: link the item, do not repeat it.
            if (std::find(item.links.begin(), item.links.end(), record) == item.links.end()) {
                auto links = item.links;
                links.push_back(record);
                book.history().update(item.id, item.version, {{"links", to_json(links)}});
            }
            return item.id;
        }
    }
    HistoryItem item;
    item.kind = HistoryKind::email;
    item.subject = message.subject;
    item.links = {record};
    item.from = message.from;
    for (const auto& to : message.to) item.to += (item.to.empty() ? "" : ", ") + to;
    item.sent_at = message.date;
    item.message_id = message.message_id;
    return book.history().add(item).id;
}

LeadFromEmail capture(LeadBook& book, EmailMessage message) {
    return book.write_transaction([&] {
        LeadFromEmail result;
        if (auto lead = find_by_address(book.leads(), message.from_address)) {
            result.lead = std::move(*lead);
        } else if (auto contact = find_by_address(book.contacts(), message.from_address)) {
            result.lead = std::move(*contact); // its lead fields
            result.record_kind = "business_contact";
        } else {
            Lead lead;
            lead.full_name = message.from_name.empty()
                                 ? formats::name_from_address(message.from_address)
                                 : formats::full_name_from_display_name(message.from_name);
            lead.emails.push_back(EmailAddress{"email", message.from_address});
            result.lead = book.leads().add(lead);
            result.created = true;
        }
        result.history_id = record_history(book, message, result.lead.id);
        result.message = std::move(message);
        return result;
    });
}

} // namespace

LeadFromEmail lead_from_email(LeadBook& book, std::string_view message) {
    return capture(book, parse_email_message(message));
}

LeadFromEmail lead_from_email_file(LeadBook& book, const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(ErrorCode::not_found, "cannot open '" + path + "' for reading");
    return capture(book, parse_email_message(in));
}

} // namespace leadbook

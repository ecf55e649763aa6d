// The rules of leads and business contacts (a contact is a lead's fields
// and more): what a person record must be. Their scores are scoring.cpp's.
#include "rules.hpp"

#include "../facade.hpp"

#include <algorithm>

namespace leadbook::detail {

namespace {

/// Whether `data` is a PNG or JPEG image (by its signature and first block).
bool is_png_or_jpeg(const std::vector<std::uint8_t>& data) {
    static constexpr std::uint8_t png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (data.size() >= 8 + 8 + 13 && std::equal(std::begin(png), std::end(png), data.begin())) {
        // The first chunk of a PNG is IHDR, 13 bytes long.
        return data[8] == 0 && data[9] == 0 && data[10] == 0 && data[11] == 13 && data[12] == 'I' &&
               data[13] == 'H' && data[14] == 'D' && data[15] == 'R';
    }
    // JPEG: start-of-image, then another marker.
    return data.size() >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF &&
           data[3] >= 0xC0;
}

template <class T>
void check_person(RuleContext& context, T& lead, const T* previous, FieldOwner owner,
                  RecordType type) {
    check_text(lead);
    check_rating(context, type, lead.rating, previous ? &previous->rating : nullptr);
    if (is_blank(lead.full_name)) invalid("'full_name' is required and cannot be blank");
    check_emails(lead.emails);
    check_addresses(lead.addresses);
    check_custom(context, lead.custom, owner);
    check_assignee(context, lead.assigned_to, previous ? previous->assigned_to : std::nullopt);
    if (lead.account_id && !context.account_exists(*lead.account_id))
        invalid("'account_id': account " + std::to_string(*lead.account_id) + " does not exist");
    if (!lead.photo.empty()) {
        if (lead.photo.size() > max_photo_bytes)
            invalid("'photo' is " + std::to_string(lead.photo.size()) +
                    " bytes; the limit is 5 MiB (" + std::to_string(max_photo_bytes) + ")");
        if (!is_png_or_jpeg(lead.photo.data)) invalid("'photo' must be a PNG or JPEG image");
    }
}

} // namespace

void Rules<Lead>::check(RuleContext& context, Lead& lead, const Lead* previous) {
    check_person(context, lead, previous, field_owner<Lead>(), RecordType::lead);
    check_lead_status(context, lead, previous);
    check_score(context, RecordType::lead, lead.criteria_met, lead.score,
                previous ? &previous->criteria_met : nullptr);
}

void Rules<Lead>::derive(RuleContext& context, Lead& lead, const Lead* previous) {
    derive_score(context, RecordType::lead, lead.criteria_met, lead.score,
                 previous ? &previous->score : nullptr, previous ? previous->id : 0);
    // A source typed (a new record's, or a changed one) joins the list.
    if (!previous || previous->source != lead.source)
        join_source_list(context, RecordType::lead, lead.source);
}

void Rules<Lead>::before_remove(LeadBook& book, const Lead& lead) { release_links(book, lead.id); }

void Rules<BusinessContact>::check(RuleContext& context, BusinessContact& contact,
                                   const BusinessContact* previous) {
    check_person(context, contact, previous, field_owner<BusinessContact>(),
                 RecordType::business_contact);
    if (previous &&
        (contact.status != previous->status || contact.status_reason != previous->status_reason))
        invalid("'status': a business contact is a qualified lead; its status does not change");
    check_score(context, RecordType::business_contact, contact.criteria_met, contact.score,
                previous ? &previous->criteria_met : nullptr);
}

void Rules<BusinessContact>::derive(RuleContext& context, BusinessContact& contact,
                                    const BusinessContact* previous) {
    derive_contact_status(contact);
    derive_score(context, RecordType::business_contact, contact.criteria_met, contact.score,
                 previous ? &previous->score : nullptr, previous ? previous->id : 0);
    if (!previous || previous->source != contact.source)
        join_source_list(context, RecordType::business_contact, contact.source);
}

void Rules<BusinessContact>::before_remove(LeadBook& book, const BusinessContact& contact) {
    release_links(book, contact.id);
}

} // namespace leadbook::detail

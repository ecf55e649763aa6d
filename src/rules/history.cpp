// The rules of history items: which fields belong to which kind, when it
// happened, what it links to, and what goes when a linked record goes.
#include "rules.hpp"

#include "../write_path.hpp"

#include <algorithm>

namespace leadbook::detail {

using namespace facade;

namespace {

/// Whether a history item of `kind` goes when nothing links to it any more.
bool dies_unlinked(HistoryKind kind) {
    return kind == HistoryKind::business_note || kind == HistoryKind::phone_log;
}

} // namespace

void Rules<HistoryItem>::check(RuleContext& context, HistoryItem& item,
                               const HistoryItem* previous) {
    check_text(item);
    if (previous && previous->kind != item.kind) invalid("'kind' of a history item cannot change");
    // A field of another kind must stay empty: compare it with a new item's.
    const auto empty = to_json(HistoryItem{}).as_object();
    const auto given = to_json(item).as_object();
    for (const auto& kf : history_kind_fields) {
        if (kf.kind == item.kind) continue;
        for (auto field : kf.fields)
            if (!field.empty() && given.at(field) != empty.at(field))
                invalid("'" + std::string(field) + "' is only for " +
                        std::string(enum_name(kf.kind)) + " items, not " +
                        std::string(enum_name(item.kind)));
    }
    if (!previous && item.links.empty())
        invalid("'links': a history item must be linked to at least one record");
    for (std::size_t i = 0; i < item.links.size(); ++i) {
        Id id = item.links[i];
        if (!context.record_exists(id) &&
            !context.storage().exists(schema<Opportunity>().table, id))
            invalid("'links[" + std::to_string(i) + "]': record " + std::to_string(id) +
                    " does not exist");
        if (std::find(item.links.begin(), item.links.begin() + std::ptrdiff_t(i), id) !=
            item.links.begin() + std::ptrdiff_t(i))
            invalid("'links[" + std::to_string(i) + "]': record " + std::to_string(id) +
                    " is linked twice");
    }
    if (item.duration && *item.duration < 0) invalid("'duration' cannot be negative");
    if (item.kind == HistoryKind::appointment) {
        if (!item.start) invalid("'start' is required for an appointment");
        if (item.end && *item.end < *item.start)
            invalid("'end' (" + item.end->to_string() + ") is before 'start' (" +
                    item.start->to_string() + ")");
    }
    if (item.percent_complete && (*item.percent_complete < 0 || *item.percent_complete > 100))
        invalid("'percent_complete' must be from 0 to 100");
    if (item.file_size && *item.file_size < 0) invalid("'file_size' cannot be negative");
}

void Rules<HistoryItem>::derive(RuleContext&, HistoryItem& item, const HistoryItem* previous) {
    if (item.occurred_at.millis != 0) return;
    // When it happened: the e-mail's date, the appointment's start, else now.
    if (item.sent_at)
        item.occurred_at = *item.sent_at;
    else if (item.start)
        item.occurred_at = *item.start;
    else
        item.occurred_at = previous ? previous->occurred_at : Timestamp::now();
}

void release_links(LeadBook& book, Id id) {
    Storage& storage = book.storage();
    const auto items =
        ids_where<HistoryItem>(storage, Condition{"links", CompareOp::has, Value(id), {}});
    storage.delete_children_where(child_table<HistoryItem>("links"), 0, Value(id));
    std::vector<Id> updated;
    for (Id item : items) {
        auto h = read<HistoryItem>(storage, item);
        if (!h) continue;
        if (h->links.empty() && dies_unlinked(h->kind))
            remove_record(book, *h);
        else
            updated.push_back(item);
    }
    if (!updated.empty()) {
        // The remaining items lost a link: that is a change of theirs.
        Query q;
        Condition c{"id", CompareOp::in, {}, {}};
        for (Id item : updated) c.values.emplace_back(item);
        q.where.push_back(std::move(c));
        update_selection<HistoryItem>(book, q, {}, {}, stamp_now(book), updated);
    }
    const auto& opportunities = schema<Opportunity>();
    for (Id opportunity : ids_where<Opportunity>(
             storage,
             Condition{opportunities.field("linked_to")->column, CompareOp::eq, Value(id), {}}))
        if (auto o = read<Opportunity>(storage, opportunity)) remove_record(book, *o);
}

} // namespace leadbook::detail

namespace leadbook {

std::optional<HistoryItem> LeadBook::unlink_history(Id item_id, Id record_id) {
    return write_transaction([&]() -> std::optional<HistoryItem> {
        auto item = detail::facade::read<HistoryItem>(*storage_, item_id);
        if (!item) detail::facade::not_found<HistoryItem>(item_id);
        auto it = std::find(item->links.begin(), item->links.end(), record_id);
        if (it == item->links.end())
            fail(ErrorCode::not_found, "history item " + std::to_string(item_id) +
                                           " is not linked to record " + std::to_string(record_id));
        if (item->links.size() == 1 && detail::dies_unlinked(item->kind)) {
            detail::remove_record(*this, *item);
            return std::nullopt;
        }
        HistoryItem updated = *item;
        updated.links.erase(updated.links.begin() + (it - item->links.begin()));
        detail::RuleContext context(*this);
        return detail::update_record(*this, context, *item, std::move(updated));
    });
}

} // namespace leadbook

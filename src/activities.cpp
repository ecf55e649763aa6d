// History, opportunities, sales stages, conversion and what deleting a
// record takes with it.
#include "facade.hpp"

namespace leadbook {

using namespace detail::facade;

namespace detail {

namespace {

constexpr const char* stages_installed_key = "stages.defaults_installed";

/// Whether a history item of `kind` goes when nothing links to it any more.
bool dies_unlinked(HistoryKind kind) {
    return kind == HistoryKind::business_note || kind == HistoryKind::phone_log;
}

/// Ids of the rows of T matching one condition.
template <class T> std::vector<Id> ids_where(Storage& storage, Condition condition) {
    Query q;
    q.where.push_back(std::move(condition));
    std::vector<Id> ids;
    auto scan = storage.scan(schema<T>().table, q, {}, nullptr);
    ScannedRow row;
    while (scan->next(row)) ids.push_back(row.id);
    return ids;
}

/// The history links to `id` go; items left with no link go too when they
/// are notes or phone logs; opportunities linked to `id` go.
void release_links(LeadBook& book, Id id) {
    Storage& storage = book.storage();
    const auto& history = schema<HistoryItem>();
    const ChildTableDef& links = child_table<HistoryItem>("links");
    const auto items = ids_where<HistoryItem>(storage, Condition{"links", CompareOp::has, Value(id), {}});
    storage.delete_children_where(links, 0, Value(id));
    std::vector<Id> deleted, updated;
    for (Id item : items) {
        auto row = storage.get(history.table, item);
        if (!row) continue;
        HistoryItem h = load<HistoryItem>(storage, item, *row);
        if (h.links.empty() && dies_unlinked(h.kind)) {
            storage.remove(history.table, item);
            deleted.push_back(item);
        } else {
            updated.push_back(item);
        }
    }
    if (!updated.empty()) {
        // The remaining items lost a link: that is a change of theirs.
        Query q;
        Condition c{"id", CompareOp::in, {}, {}};
        for (Id item : updated) c.values.emplace_back(item);
        q.where.push_back(std::move(c));
        const std::array<int, 2> columns = {history.table.column_index("modified_at"),
                                            history.table.column_index("modified_by")};
        Row values = {Value(Timestamp::now().millis),
                      book.acting_user() ? Value(*book.acting_user()) : Value()};
        storage.update_where(history.table, q, columns, values, true);
    }
    book.note_change(RecordTraits<HistoryItem>::collection, ChangeKind::deleted, deleted);
    book.note_change(RecordTraits<HistoryItem>::collection, ChangeKind::updated, updated);

    const auto& opportunities = schema<Opportunity>();
    for (Id opportunity : ids_where<Opportunity>(
             storage, Condition{opportunities.field("linked_to")->column, CompareOp::eq, Value(id), {}})) {
        release_links(book, opportunity);
        storage.remove(opportunities.table, opportunity);
        book.note_change(RecordTraits<Opportunity>::collection, ChangeKind::deleted, {&opportunity, 1});
    }
}

/// Leads or contacts of a deleted account lose the link (a new version).
template <class T> void drop_account_link(LeadBook& book, Id account) {
    const auto& s = schema<T>();
    Condition linked{s.field("account_id")->column, CompareOp::eq, Value(account), {}};
    auto ids = ids_where<T>(book.storage(), linked);
    if (ids.empty()) return;
    Query q;
    q.where.push_back(linked);
    const std::array<int, 3> columns = {s.table.column_index(s.field("account_id")->column),
                                        s.table.column_index("modified_at"),
                                        s.table.column_index("modified_by")};
    Row values = {Value(), Value(Timestamp::now().millis),
                  book.acting_user() ? Value(*book.acting_user()) : Value()};
    book.storage().update_where(s.table, q, columns, values, true);
    book.note_change(RecordTraits<T>::collection, ChangeKind::updated, ids);
}

} // namespace

void before_remove(LeadBook& book, const Lead&, Id id) { release_links(book, id); }
void before_remove(LeadBook& book, const BusinessContact&, Id id) { release_links(book, id); }
void before_remove(LeadBook& book, const Opportunity&, Id id) { release_links(book, id); }

void before_remove(LeadBook& book, const Account&, Id id) {
    release_links(book, id);
    drop_account_link<Lead>(book, id);
    drop_account_link<BusinessContact>(book, id);
}

void before_remove(LeadBook& book, const SalesStage&, Id id) {
    auto stage = book.stages().get(id);
    RecordQuery in_stage;
    in_stage.where.push_back(Filter{"stage", FilterOp::eq, boost::json::value(stage.name)});
    if (auto n = book.opportunities().count(in_stage))
        fail(ErrorCode::validation, "sales stage '" + stage.name + "' is used by " +
                                        std::to_string(n) +
                                        " opportunities; move them to another stage first");
}

void install_default_stages_once(LeadBook& book) {
    if (book.storage().setting(stages_installed_key)) return;
    book.write_transaction([&] {
        if (book.storage().setting(stages_installed_key)) return;
        struct Default {
            const char* name;
            std::int32_t probability;
        };
        static constexpr Default defaults[] = {
            {"initial contact", 10}, {"interest confirmed", 20}, {"qualified", 35},
            {"negotiation", 50},     {"commitment to buy", 85},  {"closed won", 100},
            {"closed lost", 0}};
        std::vector<SalesStage> stages;
        std::int32_t position = 0;
        for (const auto& d : defaults)
            stages.push_back(SalesStage{.name = d.name, .probability = d.probability,
                                        .position = position++});
        book.stages().add_many(stages);
        book.storage().set_setting(stages_installed_key, "1");
    });
}

namespace facade {

void after_write(LeadBook& book, const SalesStage& stage) {
    // Opportunities in the stage take its probability (computed, not edited:
    // no new version, like rescoring).
    const auto& s = schema<Opportunity>();
    Condition in_stage{s.field("stage")->column, CompareOp::eq, Value(stage.name), {}};
    Condition differs{s.field("probability")->column, CompareOp::ne, Value(std::int64_t{stage.probability}), {}};
    Query q;
    q.where = {in_stage, differs};
    auto ids = ids_where<Opportunity>(book.storage(), in_stage);
    const std::array<int, 1> columns = {s.table.column_index(s.field("probability")->column)};
    if (book.storage().update_where(s.table, q, columns, Row{Value(std::int64_t{stage.probability})}, false) > 0)
        book.note_change(RecordTraits<Opportunity>::collection, ChangeKind::updated, ids);
}

} // namespace facade
} // namespace detail

BusinessContact LeadBook::convert_lead(Id lead_id, std::int64_t version) {
    return write_transaction([&] {
        Storage& storage = *storage_;
        const auto& leads = schema<Lead>();
        const auto& contacts = schema<BusinessContact>();
        auto row = storage.get(leads.table, lead_id);
        if (!row) {
            if (storage.exists(contacts.table, lead_id))
                fail(ErrorCode::validation, "record " + std::to_string(lead_id) +
                                                " is a business contact already, not a lead");
            fail(ErrorCode::not_found, "lead " + std::to_string(lead_id) + " does not exist");
        }
        Lead lead{};
        leads.from_row(lead_id, *row, lead);
        if (lead.version != version)
            fail(ErrorCode::conflict, "lead " + std::to_string(lead_id) +
                                          " was changed by someone else (it is at version " +
                                          std::to_string(lead.version) + ", the conversion was for version " +
                                          std::to_string(version) + "); reload it and try again");
        // The same row becomes a contact: nothing is copied, so nothing linked
        // to the id (history, opportunities, lists) can be lost, and the
        // cost does not depend on how much history the lead has.
        storage.change_kind(leads.table, contacts.table, lead_id);
        Query q;
        q.where.push_back(Condition{"id", CompareOp::eq, Value(lead_id), {}});
        auto column = [&](std::string_view field) {
            return contacts.table.column_index(contacts.field(field)->column);
        };
        std::vector<int> columns = {column("modified_at"), column("modified_by")};
        Row values = {Value(std::max(Timestamp::now(), lead.modified_at).millis),
                      acting_user_ ? Value(*acting_user_) : Value()};
        // The stars a lead earned stay with the contact. Lead criteria count
        // nothing among a contact's (another list), so an automatic score
        // computed from them would drop at the contact's next edit: it
        // becomes a manual score with the same stars instead. Switching it
        // back to automatic scores the contact by business contact criteria.
        if (lead.score.mode == ScoreMode::automatic && lead.score.stars > 0) {
            for (auto field : {"score.mode", "score.points", "score.max_points", "score.percent"})
                columns.push_back(column(field));
            values.insert(values.end(), {Value(std::string(enum_name(ScoreMode::manual))),
                                         Value(std::int64_t{0}), Value(std::int64_t{0}),
                                         Value(std::int64_t{0})});
        }
        storage.update_where(contacts.table, q, columns, values, true);
        note_change(detail::RecordTraits<Lead>::collection, ChangeKind::deleted, {&lead_id, 1});
        note_change(detail::RecordTraits<BusinessContact>::collection, ChangeKind::added, {&lead_id, 1});
        return contacts_.get(lead_id);
    });
}

std::optional<HistoryItem> LeadBook::unlink_history(Id item_id, Id record_id) {
    return write_transaction([&]() -> std::optional<HistoryItem> {
        HistoryItem item = history_.get(item_id);
        auto it = std::find(item.links.begin(), item.links.end(), record_id);
        if (it == item.links.end())
            fail(ErrorCode::not_found, "history item " + std::to_string(item_id) +
                                           " is not linked to record " + std::to_string(record_id));
        if (item.links.size() == 1 && detail::dies_unlinked(item.kind)) {
            history_.remove(item_id);
            return std::nullopt;
        }
        HistoryItem updated = item;
        updated.links.erase(updated.links.begin() + (it - item.links.begin()));
        return store_update(*this, item, std::move(updated));
    });
}

} // namespace leadbook

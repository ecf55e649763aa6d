// The rules of opportunities and sales stages: exact money (line totals and
// the total), the stage an opportunity is in and the probability it takes
// from it, and the default stages.
#include "rules.hpp"

#include "../write_path.hpp"
#include "unique_name.hpp"

namespace leadbook::detail {

using namespace facade;

namespace {

constexpr const char* stages_installed_key = "stages.defaults_installed";

// Line totals are exact: 128-bit intermediates, then a range check.
__extension__ typedef __int128 wide_int;

} // namespace

void Rules<Opportunity>::check(RuleContext& context, Opportunity& opportunity,
                               const Opportunity* previous) {
    check_text(opportunity);
    if (is_blank(opportunity.title)) invalid("'title' is required and cannot be blank");
    check_assignee(context, opportunity.assigned_to,
                   previous ? previous->assigned_to : std::nullopt);
    check_custom(context, opportunity.custom, FieldOwner::opportunity);
    if (opportunity.linked_to && !context.record_exists(*opportunity.linked_to))
        invalid("'linked_to': no lead, contact or account " +
                std::to_string(*opportunity.linked_to));
    for (std::size_t i = 0; i < opportunity.items.size(); ++i) {
        const auto& line = opportunity.items[i];
        const std::string where = "'items[" + std::to_string(i) + "]";
        if (line.quantity < 0) invalid(where + ".quantity' cannot be negative");
        if (line.unit_price.minor_units < 0) invalid(where + ".unit_price' cannot be negative");
        if (line.discount.hundredths < 0 || line.discount.hundredths > 10000)
            invalid(where + ".discount' must be from 0 to 100");
    }
}

void Rules<Opportunity>::derive(RuleContext& context, Opportunity& opportunity,
                                const Opportunity*) {
    wide_int sum = 0;
    for (std::size_t i = 0; i < opportunity.items.size(); ++i) {
        auto& line = opportunity.items[i];
        // quantity x price x (100 % - discount), rounded half up to the cent.
        const wide_int gross = wide_int(line.quantity) * line.unit_price.minor_units;
        const wide_int scaled = gross * (10000 - line.discount.hundredths);
        const wide_int total = (scaled + 5000) / 10000;
        if (total > INT64_MAX) invalid("'items[" + std::to_string(i) + "]': the amount overflows");
        line.total.minor_units = static_cast<std::int64_t>(total);
        sum += total;
        if (sum > INT64_MAX) invalid("'total': the amount overflows");
    }
    opportunity.total.minor_units = static_cast<std::int64_t>(sum);
    // The stage: a known one (the first by default), whose probability it takes.
    RecordQuery q;
    if (opportunity.stage.empty()) {
        q.order_by = {"position"};
        q.limit = 1;
    } else {
        q.where.push_back(Filter{"name", FilterOp::eq, boost::json::value(opportunity.stage)});
    }
    auto stages = read_where<SalesStage>(context.storage(), q);
    if (stages.empty()) invalid("'stage': there is no sales stage '" + opportunity.stage + "'");
    opportunity.stage = stages.front().name;
    opportunity.probability = stages.front().probability;
}

void Rules<Opportunity>::before_remove(LeadBook& book, const Opportunity& opportunity) {
    release_links(book, opportunity.id);
}

void Rules<Opportunity>::after_bulk_edit(LeadBook& book, std::string_view field) {
    if (field != "stage") return;
    Rules<SalesStage>::after_write(book, read_where<SalesStage>(book.storage(), RecordQuery{}));
}

void Rules<SalesStage>::check(RuleContext& context, SalesStage& stage, const SalesStage* previous) {
    check_text(stage);
    if (is_blank(stage.name)) invalid("'name' is required and cannot be blank");
    if (stage.probability < 0 || stage.probability > 100)
        invalid("'probability' must be from 0 to 100");
    if (auto other = name_taken(context.storage(), stage.name, previous))
        fail(ErrorCode::conflict, "'name': there is a sales stage '" + other->name + "' already");
    if (previous && previous->name != stage.name) {
        RecordQuery used;
        used.where.push_back(Filter{"stage", FilterOp::eq, boost::json::value(previous->name)});
        if (count_where<Opportunity>(context.storage(), used) > 0)
            invalid("'name': stage '" + previous->name +
                    "' is used by opportunities and cannot be renamed");
    }
}

void Rules<SalesStage>::after_write(LeadBook& book, std::span<const SalesStage> stages) {
    // Opportunities in the stage take its probability (computed, not edited:
    // no new version, like rescoring). Only those whose probability differs
    // are written.
    const auto& s = schema<Opportunity>();
    for (const auto& stage : stages) {
        Condition in_stage{s.field("stage")->column, CompareOp::eq, Value(stage.name), {}};
        Condition differs{s.field("probability")->column,
                          CompareOp::ne,
                          Value(std::int64_t{stage.probability}),
                          {}};
        Query q;
        q.where = {in_stage, differs};
        auto ids = ids_where<Opportunity>(book.storage(), in_stage);
        const std::array<int, 1> columns = {s.table.column_index(s.field("probability")->column)};
        if (book.storage().update_where(s.table, q, columns,
                                        Row{Value(std::int64_t{stage.probability})}, false) > 0)
            book.note_change(RecordTraits<Opportunity>::collection, ChangeKind::updated, ids);
    }
}

void Rules<SalesStage>::before_remove(LeadBook& book, const SalesStage& stage) {
    RecordQuery in_stage;
    in_stage.where.push_back(Filter{"stage", FilterOp::eq, boost::json::value(stage.name)});
    if (auto n = count_where<Opportunity>(book.storage(), in_stage))
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
            stages.push_back(
                SalesStage{.name = d.name, .probability = d.probability, .position = position++});
        book.stages().add_many(stages);
        book.storage().set_setting(stages_installed_key, "1");
    });
}

} // namespace leadbook::detail

// Everything about scoring: the rules of criteria and of the scores of
// leads and business contacts, rescoring, breakdowns, the default criteria
// and what a converted lead's score becomes. The formula itself is
// ScoreCalculator's (scoring.hpp).
#include "rules.hpp"

#include "../write_path.hpp"

#include <leadbook/book_tuning.hpp>

#include <array>
#include <set>

namespace leadbook {

using namespace detail::facade;

namespace detail {

constexpr const char* defaults_installed_key = "scoring.defaults_installed";

/// A new database starts with a useful set of criteria; once installed (and
/// perhaps edited or deleted by the user) they are never installed again.
void install_default_criteria_once(LeadBook& book) {
    if (book.storage().setting(defaults_installed_key)) return;
    book.write_transaction([&] {
        if (book.storage().setting(defaults_installed_key)) return; // another process won
        struct Default {
            RecordType type;
            const char* description;
            Weight weight;
            Effect effect;
        };
        static constexpr Default defaults[] = {
            {RecordType::lead, "Need identified", Weight::high, Effect::raise},
            {RecordType::lead, "Budget confirmed", Weight::high, Effect::raise},
            {RecordType::lead, "Decision maker reached", Weight::normal, Effect::raise},
            {RecordType::lead, "Timeline under three months", Weight::normal, Effect::raise},
            {RecordType::lead, "Asked for a quote or a demo", Weight::normal, Effect::raise},
            {RecordType::lead, "Responded to a campaign", Weight::low, Effect::raise},
            {RecordType::lead, "Competitor already chosen", Weight::high, Effect::lower},
            {RecordType::lead, "No budget this year", Weight::normal, Effect::lower},
            {RecordType::business_contact, "Bought from us before", Weight::high, Effect::raise},
            {RecordType::business_contact, "Refers other customers", Weight::normal, Effect::raise},
            {RecordType::business_contact, "Asked not to be contacted", Weight::normal,
             Effect::lower},
        };
        std::vector<ScoringCriterion> criteria;
        for (const auto& d : defaults)
            criteria.push_back(ScoringCriterion{.record_type = d.type,
                                                .description = d.description,
                                                .weight = d.weight,
                                                .effect = d.effect});
        book.criteria().add_many(criteria);
        book.storage().set_setting(defaults_installed_key, "1");
    });
}

// ---- the scores of leads and business contacts ------------------------------------

void check_score(RuleContext& context, RecordType type, const std::vector<Id>& met,
                 const Score& score, const std::vector<Id>* carried) {
    const ScoreCalculator& calc = context.calculator(type);
    for (std::size_t i = 0; i < met.size(); ++i) {
        const std::string where =
            "'criteria_met[" + std::to_string(i) + "]': criterion " + std::to_string(met[i]);
        // A converted lead keeps the lead criteria it met; they count for
        // nothing in a contact's score but are not lost.
        const bool kept =
            carried && std::find(carried->begin(), carried->end(), met[i]) != carried->end();
        if (calc.index_of(met[i]) < 0 && !kept) {
            auto other = read<ScoringCriterion>(context.storage(), met[i]);
            if (other)
                invalid(where + " is for " + std::string(enum_name(other->record_type)) +
                        " records, not " + std::string(enum_name(type)) + " records");
            invalid(where + " does not exist");
        }
        if (std::find(met.begin(), met.begin() + std::ptrdiff_t(i), met[i]) !=
            met.begin() + std::ptrdiff_t(i))
            invalid(where + " is listed twice");
    }
    if (score.mode == ScoreMode::manual && (score.stars < 0 || score.stars > 5))
        invalid("'score.stars' must be from 0 to 5");
}

void derive_score(RuleContext& context, RecordType type, const std::vector<Id>& met, Score& score) {
    if (score.mode == ScoreMode::manual) {
        // Manual stars stand alone; points and percent say nothing then.
        score.points = score.max_points = score.percent = 0;
    } else {
        score = context.calculator(type).score(met);
    }
}

void carry_score_to_contact(const Lead& lead, std::vector<int>& columns, Row& values) {
    // The stars a lead earned stay with the contact. Lead criteria count
    // nothing among a contact's (another list), so an automatic score
    // computed from them would drop at the contact's next edit: it becomes
    // a manual score with the same stars instead. Switching it back to
    // automatic scores the contact by business contact criteria.
    if (lead.score.mode != ScoreMode::automatic || lead.score.stars == 0) return;
    const auto& contacts = schema<BusinessContact>();
    for (auto field : {"score.mode", "score.points", "score.max_points", "score.percent"})
        columns.push_back(contacts.table.column_index(contacts.field(field)->column));
    values.insert(values.end(),
                  {Value(std::string(enum_name(ScoreMode::manual))), Value(std::int64_t{0}),
                   Value(std::int64_t{0}), Value(std::int64_t{0})});
}

// ---- criteria -------------------------------------------------------------------------

void Rules<ScoringCriterion>::check(RuleContext&, ScoringCriterion& criterion,
                                    const ScoringCriterion* previous) {
    check_text(criterion);
    if (is_blank(criterion.description)) invalid("'description' is required and cannot be blank");
    if (criterion.points &&
        (*criterion.points < -max_criterion_points || *criterion.points > max_criterion_points))
        invalid("'points' must be from -100 to 100, not " + std::to_string(*criterion.points));
    if (previous && previous->record_type != criterion.record_type)
        invalid("'record_type' of a criterion cannot change; add a new criterion instead");
}

void Rules<ScoringCriterion>::after_write(LeadBook& book,
                                          std::span<const ScoringCriterion> criteria) {
    // Once per record type, however many of its criteria changed.
    bool types[2] = {false, false};
    for (const auto& c : criteria) types[static_cast<int>(c.record_type)] = true;
    for (auto type : {RecordType::lead, RecordType::business_contact})
        if (types[static_cast<int>(type)]) book.rescore(type);
}

void Rules<ScoringCriterion>::before_remove(LeadBook& book, const ScoringCriterion& criterion) {
    // Records that met it no longer do.
    book.storage().delete_children_where(child_table<Lead>("criteria_met"), 0, Value(criterion.id));
}

void Rules<ScoringCriterion>::after_remove(LeadBook& book, const ScoringCriterion& criterion) {
    book.rescore(criterion.record_type);
}

} // namespace detail

std::vector<ScoringCriterion> LeadBook::criteria_of(RecordType type) {
    RecordQuery q;
    q.where.push_back(Filter{"record_type", FilterOp::eq, boost::json::value(enum_name(type))});
    return read_where<ScoringCriterion>(*storage_, q);
}

ScoreBreakdown LeadBook::score_breakdown(Id record_id) {
    Transaction tx(*storage_, false);
    Lead person;
    RecordType type = RecordType::lead;
    if (auto lead = leads_.try_get(record_id)) {
        person = std::move(*lead);
    } else if (auto contact = contacts_.try_get(record_id)) {
        person = std::move(static_cast<Lead&>(*contact));
        type = RecordType::business_contact;
    } else {
        fail(ErrorCode::not_found,
             "record " + std::to_string(record_id) + " is neither a lead nor a business contact");
    }
    const auto meets = [&](const ScoringCriterion& c) {
        return std::find(person.criteria_met.begin(), person.criteria_met.end(), c.id) !=
               person.criteria_met.end();
    };
    const auto criteria = criteria_of(type);
    const Score automatic = ScoreCalculator(criteria).score(person.criteria_met);
    ScoreBreakdown out;
    out.record_id = person.id;
    out.score = person.score;
    out.points = automatic.points;
    out.max_points = automatic.max_points;
    out.automatic_stars = automatic.stars;
    out.automatic_percent = automatic.percent;
    for (const auto& c : criteria) {
        if (!meets(c)) continue;
        out.met.push_back(
            ScoreContribution{c.id, c.description, c.weight, c.effect, signed_points(c), true});
    }
    // A converted contact keeps the lead criteria it met; listed, counting nothing.
    if (type == RecordType::business_contact)
        for (const auto& c : criteria_of(RecordType::lead))
            if (meets(c))
                out.met.push_back(
                    ScoreContribution{c.id, c.description, c.weight, c.effect, 0, false});
    tx.commit();
    return out;
}

namespace {

/// Rescoring for the records of type T (leads or business contacts).
template <class T> std::int64_t rescore_records(LeadBook& book, Storage& storage, RecordType type) {
    const auto criteria = book.criteria_of(type);
    const ScoreCalculator calc(criteria);
    const auto& s = schema<T>();
    auto column = [&](std::string_view field) {
        const auto* f = s.field(field);
        if (!f) fail(ErrorCode::internal, "no score field " + std::string(field));
        return s.table.column_index(f->column);
    };
    const std::array<int, 4> columns = {column("score.points"), column("score.max_points"),
                                        column("score.stars"), column("score.percent")};
    int met_table = -1;
    for (std::size_t i = 0; i < s.children.size(); ++i)
        if (s.children[i].table.name == "criteria_met") met_table = int(i);
    Query automatic;
    automatic.where.push_back(Condition{s.field("score.mode")->column,
                                        CompareOp::eq,
                                        std::string(enum_name(ScoreMode::automatic)),
                                        {}});

    // Read every automatic record's criteria and stored score in one pass,
    // score them in batch, then write only the scores that changed.
    struct Pending {
        Id id;
        std::array<std::int64_t, 4> stored;
    };
    std::vector<Pending> records;
    std::vector<std::uint64_t> masks;
    const std::size_t words = calc.words_per_record();
    if (met_table < 0) fail(ErrorCode::internal, "no child table for criteria met");
    auto scan = storage.read(s.table, automatic,
                             ReadShape::of({columns.begin(), columns.end()}, {met_table}));
    ReadRow row;
    while (scan->next(row)) {
        Pending p{row.id, {}};
        for (std::size_t i = 0; i < 4; ++i) p.stored[i] = std::get<std::int64_t>(row.values[i]);
        records.push_back(p);
        masks.resize(masks.size() + words, 0);
        std::uint64_t* mask = masks.data() + masks.size() - words;
        for (const auto& met : row.children.at(0)) {
            auto index = calc.index_of(std::get<std::int64_t>(met.at(0)));
            if (index >= 0) mask[std::size_t(index) / 64] |= std::uint64_t{1} << (index % 64);
        }
    }
    std::vector<std::int32_t> stars(records.size()), points(records.size()),
        percent(records.size());
    calc.score_batch(masks.data(), records.size(), stars.data(), points.data(), percent.data());
    std::vector<Id> changed;
    std::vector<Row> values;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const std::array<std::int64_t, 4> now = {points[i], calc.max_points(), stars[i],
                                                 percent[i]};
        if (now == records[i].stored) continue;
        changed.push_back(records[i].id);
        values.push_back(Row{now[0], now[1], now[2], now[3]});
    }
    storage.update_columns(s.table, columns, changed, values);
    book.note_change(detail::RecordTraits<T>::collection, ChangeKind::updated, changed);
    return std::int64_t(changed.size());
}

} // namespace

std::int64_t LeadBook::rescore(RecordType type) {
    return write_transaction([&] {
        if (type == RecordType::lead) return rescore_records<Lead>(*this, *storage_, type);
        return rescore_records<BusinessContact>(*this, *storage_, type);
    });
}

TuningReport tune_scoring(LeadBook& book, RecordType type, std::span<const OutcomeLabel> labels,
                          bool dry_run, const TuningOptions& options) {
    return book.write_transaction([&] {
        const auto criteria = book.criteria_of(type);
        const ScoreCalculator calc(criteria);
        const std::size_t words = calc.words_per_record();
        std::vector<std::uint64_t> masks(labels.size() * words, 0);
        std::vector<std::uint8_t> outcomes;
        outcomes.reserve(labels.size());
        std::set<Id> seen;
        for (std::size_t r = 0; r < labels.size(); ++r) {
            const Id id = labels[r].record_id;
            if (!seen.insert(id).second)
                fail(ErrorCode::validation, "record " + std::to_string(id) + " is labelled twice");
            std::vector<Id> met;
            if (type == RecordType::lead) {
                auto lead = book.leads().try_get(id);
                if (!lead)
                    fail(ErrorCode::not_found, "lead " + std::to_string(id) + " does not exist");
                met = std::move(lead->criteria_met);
            } else {
                auto contact = book.contacts().try_get(id);
                if (!contact)
                    fail(ErrorCode::not_found,
                         "business contact " + std::to_string(id) + " does not exist");
                met = std::move(contact->criteria_met);
            }
            for (Id c : met)
                if (auto index = calc.index_of(c); index >= 0)
                    masks[r * words + std::size_t(index) / 64] |= std::uint64_t{1} << (index % 64);
            outcomes.push_back(labels[r].converted ? 1 : 0);
        }
        std::vector<std::int32_t> current;
        for (const auto& c : criteria) current.push_back(signed_points(c));
        TuningReport report = tune_weights(masks, outcomes, current, options);
        if (dry_run) return report;
        for (std::size_t i = 0; i < criteria.size(); ++i) {
            if (!report.criteria[i].fitted || criteria[i].points == report.points[i]) continue;
            book.criteria().update(criteria[i].id, criteria[i].version,
                                   boost::json::object{{"points", report.points[i]}});
        }
        return report;
    });
}

} // namespace leadbook

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

constexpr const char* grades_computed_key = "scoring.grades_computed";

/// Records stored before scores had grades (a file upgraded from an older
/// schema) get theirs once.
void compute_grades_once(LeadBook& book) {
    if (book.storage().setting(grades_computed_key)) return;
    book.write_transaction([&] {
        if (book.storage().setting(grades_computed_key)) return; // another process won
        book.rescore(RecordType::lead);
        book.rescore(RecordType::business_contact);
        book.storage().set_setting(grades_computed_key, "1");
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

namespace {

std::string grade_bands_key(RecordType type) {
    return "scoring.grade_bands." + std::string(enum_name(type));
}

std::string_view collection_of(RecordType type) {
    return type == RecordType::lead ? RecordTraits<Lead>::collection
                                    : RecordTraits<BusinessContact>::collection;
}

} // namespace

std::vector<GradeBand> stored_grade_bands(Storage& storage, RecordType type) {
    const auto text = storage.setting(grade_bands_key(type));
    if (!text) return default_grade_bands();
    std::vector<GradeBand> bands;
    try {
        read_json(parse_json(*text), bands, "grade_bands");
        check_grade_bands(bands);
    } catch (const std::exception& e) {
        fail(ErrorCode::corrupt, "the stored grade bands of " + std::string(enum_name(type)) +
                                     " records cannot be read: " + e.what());
    }
    return bands;
}

void derive_score(RuleContext& context, RecordType type, const std::vector<Id>& met, Score& score,
                  const Score* previous, Id id) {
    if (score.mode == ScoreMode::manual) {
        // Manual stars stand alone; points and percent say nothing then.
        score.points = score.max_points = score.percent = 0;
    } else {
        const ScoreMode mode = score.mode;
        score = context.calculator(type).score(met);
        score.mode = mode;
    }
    score.grade = grade_for(context.grade_bands(type), grade_percent(score));
    if (previous && previous->grade != score.grade)
        context.book().note_grade_change(collection_of(type), id, previous->grade, score.grade);
}

void carry_score_to_contact(LeadBook& book, const Lead& lead, std::vector<int>& columns,
                            Row& values) {
    // The contact's grade, by the contact's bands, from the score it keeps.
    Score kept = lead.score;
    if (kept.mode == ScoreMode::automatic && kept.stars != 0) kept.mode = ScoreMode::manual;
    const auto& contacts = schema<BusinessContact>();
    const std::string grade = grade_for(
        stored_grade_bands(book.storage(), RecordType::business_contact), grade_percent(kept));
    columns.push_back(contacts.table.column_index(contacts.field("score.grade")->column));
    // No grade event: the listeners hear of a contact added.
    values.push_back(Value(grade));
    // The stars a lead earned stay with the contact. Lead criteria count
    // nothing among a contact's (another list), so an automatic score
    // computed from them would drop at the contact's next edit: it becomes
    // a manual score with the same stars instead. Switching it back to
    // automatic scores the contact by business contact criteria.
    if (lead.score.mode != ScoreMode::automatic || lead.score.stars == 0) return;
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

/// Rescoring for the records of type T (leads or business contacts): every
/// automatic score from the criteria, and every grade (manual ones too)
/// from the bands.
template <class T> std::int64_t rescore_records(LeadBook& book, Storage& storage, RecordType type) {
    const auto criteria = book.criteria_of(type);
    const ScoreCalculator calc(criteria);
    const auto bands = detail::stored_grade_bands(storage, type);
    const auto& s = schema<T>();
    auto column = [&](std::string_view field) {
        const auto* f = s.field(field);
        if (!f) fail(ErrorCode::internal, "no score field " + std::string(field));
        return s.table.column_index(f->column);
    };
    const std::array<int, 5> columns = {column("score.points"), column("score.max_points"),
                                        column("score.stars"), column("score.percent"),
                                        column("score.grade")};
    int met_table = -1;
    for (std::size_t i = 0; i < s.children.size(); ++i)
        if (s.children[i].table.name == "criteria_met") met_table = int(i);

    // Read every record's criteria and stored score in one pass, score the
    // automatic ones in batch, then write only the scores that changed.
    struct Pending {
        Id id;
        bool manual;
        std::array<std::int64_t, 4> stored;
        std::string grade;
    };
    std::vector<Pending> records;
    std::vector<std::uint64_t> masks;
    const std::size_t words = calc.words_per_record();
    if (met_table < 0) fail(ErrorCode::internal, "no child table for criteria met");
    std::vector<int> read_columns(columns.begin(), columns.end());
    read_columns.push_back(column("score.mode"));
    auto scan = storage.read(s.table, Query{}, ReadShape::of(read_columns, {met_table}));
    ReadRow row;
    const std::string manual_name(enum_name(ScoreMode::manual));
    while (scan->next(row)) {
        Pending p{row.id, std::get<std::string>(row.values[5]) == manual_name, {}, {}};
        for (std::size_t i = 0; i < 4; ++i) p.stored[i] = std::get<std::int64_t>(row.values[i]);
        p.grade = std::get<std::string>(row.values[4]);
        records.push_back(std::move(p));
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
    const auto collection = detail::RecordTraits<T>::collection;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const Pending& r = records[i];
        std::array<std::int64_t, 4> now = r.stored;
        Score score;
        if (r.manual) {
            score.mode = ScoreMode::manual;
            score.stars = std::int32_t(r.stored[2]);
        } else {
            now = {points[i], calc.max_points(), stars[i], percent[i]};
            score.percent = percent[i];
        }
        const std::string& grade = grade_for(bands, grade_percent(score));
        if (now == r.stored && grade == r.grade) continue;
        changed.push_back(r.id);
        values.push_back(Row{now[0], now[1], now[2], now[3], grade});
        book.note_grade_change(collection, r.id, r.grade, grade);
    }
    storage.update_columns(s.table, columns, changed, values);
    book.note_change(collection, ChangeKind::updated, changed);
    return std::int64_t(changed.size());
}

} // namespace

std::int64_t LeadBook::rescore(RecordType type) {
    return write_transaction([&] {
        if (type == RecordType::lead) return rescore_records<Lead>(*this, *storage_, type);
        return rescore_records<BusinessContact>(*this, *storage_, type);
    });
}

std::vector<GradeBand> LeadBook::grade_bands(RecordType type) {
    Transaction tx(*storage_, false);
    auto bands = detail::stored_grade_bands(*storage_, type);
    tx.commit();
    return bands;
}

std::int64_t LeadBook::set_grade_bands(RecordType type, std::span<const GradeBand> bands) {
    check_grade_bands(bands);
    return write_transaction([&] {
        storage_->set_setting(
            detail::grade_bands_key(type),
            serialize_json(to_json(std::vector<GradeBand>(bands.begin(), bands.end()))));
        return rescore(type);
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
        // One criteria update with one rescoring, in this transaction.
        std::vector<std::pair<ScoringCriterion, ScoringCriterion>> changes;
        for (std::size_t i = 0; i < criteria.size(); ++i) {
            if (!report.criteria[i].fitted || criteria[i].points == report.points[i]) continue;
            ScoringCriterion tuned = criteria[i];
            tuned.points = report.points[i];
            changes.emplace_back(criteria[i], std::move(tuned));
        }
        detail::RuleContext context(book);
        detail::update_records(book, context, std::move(changes));
        return report;
    });
}

} // namespace leadbook

// leadbook/book_tuning.hpp: tuning a record type's criteria from the
// outcomes of its records, in a LeadBook.
//
//   std::vector<leadbook::OutcomeLabel> labels = {{7, true}, {8, false}, ...};
//   auto report = leadbook::tune_scoring(book, RecordType::lead, labels, true);   // dry run
//   leadbook::tune_scoring(book, RecordType::lead, labels, false);                // apply
//
// The fitting is tune_weights (scoring_tuning.hpp) over the criteria the
// labelled records meet; applying sets each fitted criterion's explicit
// `points` to the tuned free points, all in one write transaction with the
// rescoring of the record type's automatic scores: all or nothing.
#pragma once

#include <leadbook/leadbook.hpp>
#include <leadbook/scoring_tuning.hpp>

#include <span>

namespace leadbook {

/// A record's outcome, given by the caller: converted (or won) or lost
/// (or disqualified).
struct OutcomeLabel {
    Id record_id = 0;
    bool converted = false;
};
BOOST_DESCRIBE_STRUCT(OutcomeLabel, (), (record_id, converted))

/// Fits the criteria of `type` to the outcomes `labels` of records of that
/// type (leads or business contacts; another id is Error(not_found), an id
/// listed twice Error(validation)). With `dry_run` nothing changes; else
/// every criterion that could be fitted gets the tuned points
/// (`report.points`) as its explicit points, in one update of the criteria
/// followed by one rescoring of the records, in one transaction. The report's criteria are in
/// `criteria_of(type)` order. Errors of tune_weights (too few outcomes, all of one kind) are raised
/// before anything is written.
TuningReport tune_scoring(LeadBook& book, RecordType type, std::span<const OutcomeLabel> labels,
                          bool dry_run, const TuningOptions& options = {});

} // namespace leadbook

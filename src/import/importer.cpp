#include "importer.hpp"

#include "../formats/charsets.hpp"

#include <leadbook/json.hpp>

#include <unordered_set>

namespace leadbook::formats {

namespace {

constexpr std::size_t batch_size = 512;
constexpr std::int64_t progress_every = 1000;

/// Appends the entries of `extra` that `base` lacks (same value, compared
/// like duplicates are) to `base`.
template <class E> bool merge_list(std::vector<E>& base, const std::vector<E>& extra) {
    auto key = [](const E& e) {
        std::string k;
        boost::mp11::mp_for_each<detail::public_members<E>>([&](auto d) {
            using M = std::remove_cvref_t<decltype(e.*d.pointer)>;
            if constexpr (std::is_same_v<M, std::string>)
                if (std::string_view(d.name) != "label") k += match_key(e.*d.pointer) + '\x1f';
        });
        return k;
    };
    // A set of the keys: comparing each new entry with every stored one
    // was quadratic in the length of the lists.
    std::unordered_set<std::string> present;
    for (const auto& b : base) present.insert(key(b));
    bool changed = false;
    for (const auto& item : extra) {
        if (!present.insert(key(item)).second) continue;
        base.push_back(item);
        changed = true;
    }
    return changed;
}

} // namespace

boost::json::object merge_changes(const Lead& stored, const Lead& row) {
    boost::json::object changes;
    boost::mp11::mp_for_each<detail::public_members<Lead>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(row.*d.pointer)>;
        const M& theirs = row.*d.pointer;
        const M& ours = stored.*d.pointer;
        if constexpr (std::is_same_v<M, std::string>) {
            if (!theirs.empty() && theirs != ours) changes[d.name] = theirs;
        } else if constexpr (detail::is_vector<M>::value) {
            if constexpr (detail::Described<typename M::value_type>) {
                M merged = ours;
                if (merge_list(merged, theirs)) changes[d.name] = to_json(merged);
            }
        } else if constexpr (std::is_same_v<M, CustomFields>) {
            M merged = ours;
            bool changed = false;
            for (const auto& [name, value] : theirs)
                if (!merged.contains(name) || merged[name] != value) {
                    merged[name] = value;
                    changed = true;
                }
            if (changed) changes[d.name] = to_json(merged);
        }
    });
    return changes;
}

LeadImporter::LeadImporter(LeadBook& book, const ImportOptions& options,
                           const ImportProgressFn& progress, ImportReport& report)
    : book_(book), options_(options), progress_(progress), report_(report),
      index_(options.match_on), context_(book), writer_(book, context_) {
    if (options_.duplicates != DuplicateAction::add) index_.load(book_);
}

void LeadImporter::stop() { throw ImportStopped{}; }

void LeadImporter::tick() {
    if (progress_ && report_.read % progress_every == 0)
        progress_(ImportProgress{report_.read, report_.added, report_.updated, report_.skipped,
                                 errors_, bytes_read_});
}

void LeadImporter::note_error(ImportIssue issue) {
    ++errors_;
    ++report_.issue_counts["errors"];
    if (report_.errors.size() < limits::import_issues_listed)
        report_.errors.push_back(with_message(std::move(issue)));
    else
        report_.issues_truncated = true;
}

void LeadImporter::note_duplicate(const DuplicateRow& row) {
    ++report_.issue_counts[duplicate_kind(row.action)];
    last_duplicate_listed_ = report_.duplicates.size() < limits::import_issues_listed;
    if (last_duplicate_listed_)
        report_.duplicates.push_back(row);
    else
        report_.issues_truncated = true;
}

std::string LeadImporter::duplicate_kind(DuplicateAction action) {
    return action == DuplicateAction::update ? "duplicates_updated" : "duplicates_skipped";
}

void LeadImporter::bad_row(std::vector<ImportIssue> issues) {
    ++report_.read;
    for (auto& issue : issues) note_error(std::move(issue));
    if (options_.skip_bad_rows)
        ++report_.skipped;
    else if (!options_.dry_run)
        stop();
    tick();
}

std::vector<std::string> LeadImporter::duplicate_keys(const ImportOptions& options,
                                                      const DuplicateIndex& keys,
                                                      const Lead& lead) {
    if (options.duplicates == DuplicateAction::add) return {};
    return keys.keys_of(lead);
}

void LeadImporter::add_row(std::int64_t line, Lead lead,
                           std::optional<std::vector<std::string>> given_keys) {
    ++report_.read;
    std::vector<std::string> keys =
        given_keys ? std::move(*given_keys) : duplicate_keys(options_, index_, lead);
    Id placeholder = 0;
    if (options_.duplicates != DuplicateAction::add) {
        auto found = index_.find(keys);
        if (found && *found < 0) {
            // It duplicates a row still in the batch: write that first.
            flush();
            found = index_.find(keys);
        }
        if (found) {
            note_duplicate(DuplicateRow{line, *found, options_.duplicates});
            if (options_.duplicates == DuplicateAction::skip)
                ++report_.skipped;
            else
                update_existing(line, *found, lead);
            tick();
            return;
        }
        placeholder = index_.placeholder();
        index_.remember(keys, placeholder);
    }
    batch_.push_back(Pending{line, std::move(lead), placeholder});
    if (batch_.size() >= batch_size) flush();
    tick();
}

void LeadImporter::update_existing(std::int64_t line, Id id, const Lead& lead) {
    try {
        book_.write_transaction([&] {
            Lead stored = book_.leads().get(id);
            auto changes = merge_changes(stored, lead);
            if (!changes.empty()) book_.leads().update(id, stored.version, changes);
        });
        ++report_.updated;
    } catch (const Error& e) {
        // Counted as updated when found: it was skipped after all.
        --report_.issue_counts[duplicate_kind(DuplicateAction::update)];
        ++report_.issue_counts[duplicate_kind(DuplicateAction::skip)];
        if (last_duplicate_listed_) report_.duplicates.back().action = DuplicateAction::skip;
        bad_row_after_read(line, e.what());
    }
}

void LeadImporter::bad_row_after_read(std::int64_t line, std::string reason) {
    note_error(ImportIssue{line, 0, "", std::move(reason)});
    if (options_.skip_bad_rows)
        ++report_.skipped;
    else if (!options_.dry_run)
        stop();
}

void LeadImporter::flush() {
    if (batch_.empty()) return;
    std::vector<Pending> batch;
    batch.swap(batch_);
    // Each lead is checked alone, so that a bad one is reported and the
    // others go on; the good ones are written together.
    std::vector<Lead> leads;
    leads.reserve(batch.size());
    for (auto& p : batch) leads.push_back(std::move(p.lead));
    std::vector<detail::Refusal> refused;
    writer_.insert(std::span<Lead>(leads), detail::RecordWriter<Lead>::OnRefusal::collect,
                   &refused);
    auto refusal = refused.begin();
    for (std::size_t i = 0; i < leads.size(); ++i) {
        if (refusal != refused.end() && refusal->index == i) {
            if (batch[i].placeholder) index_.resolve(batch[i].placeholder, 0);
            bad_row_after_read(batch[i].line, refusal->error.what());
            ++refusal;
            continue;
        }
        if (batch[i].placeholder) index_.resolve(batch[i].placeholder, leads[i].id);
        ++report_.added;
    }
}

void LeadImporter::finish() {
    flush();
    writer_.finish();
    if (progress_)
        progress_(ImportProgress{report_.read, report_.added, report_.updated, report_.skipped,
                                 errors_, bytes_read_});
    std::erase_if(report_.issue_counts, [](const auto& kind) { return kind.second == 0; });
}

namespace {
struct RollBack {}; // ends a dry run's transaction
} // namespace

ImportReport run_import(LeadBook& book, const ImportOptions& options,
                        const ImportProgressFn& progress, ImportReport report,
                        const std::function<void(LeadImporter&)>& read_rows) {
    report.dry_run = options.dry_run;
    // The import writes records and their lists under ids it has just
    // made, and updates records it has just read.
    try {
        detail::load_transaction<Lead>(book, [&] {
            LeadImporter importer(book, options, progress, report);
            read_rows(importer);
            importer.finish();
            if (options.dry_run) throw RollBack{};
        });
        report.committed = true;
    } catch (const RollBack&) {
        report.committed = false;
    } catch (const ImportStopped&) {
        // All or nothing: nothing was stored.
        report.committed = false;
        report.added = report.updated = report.skipped = 0;
        report.duplicates.clear();
        std::erase_if(report.issue_counts, [](const auto& kind) { return kind.first != "errors"; });
        const auto errors = report.issue_counts.find("errors");
        report.issues_truncated = errors != report.issue_counts.end() &&
                                  report.errors.size() < std::size_t(errors->second);
    }
    return report;
}

void report_encoding(ImportReport& report, const TextDecoder& decoder) {
    report.encoding = decoder.encoding();
    report.encoding_confidence = std::string(confidence_name(decoder.confidence()));
    if (decoder.confidence() == EncodingConfidence::low)
        report.warnings.push_back(with_message(ImportIssue{
            0, 0, "",
            decoder.confidence_note() +
                "; if names look wrong, import again naming the encoding (encoding=...)"}));
}

} // namespace leadbook::formats

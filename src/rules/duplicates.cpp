// Matching rules at work: compared forms, similarity, blocking keys, and
// the duplicate check of the write path.
#include "duplicates.hpp"

#include "../case_fold.hpp"

#include <algorithm>
#include <memory>
#include <numeric>
#include <set>

namespace leadbook::detail {

using namespace facade;

namespace {

std::string_view trim_spaces(std::string_view text) {
    auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
    while (!text.empty() && space(text.front())) text.remove_prefix(1);
    while (!text.empty() && space(text.back())) text.remove_suffix(1);
    return text;
}

/// The first (or last) `n` characters of UTF-8 `text`.
std::string_view leading(std::string_view text, std::size_t n) {
    std::size_t at = 0, count = 0;
    while (at < text.size() && count < n) {
        ++at;
        while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
        ++count;
    }
    return text.substr(0, at);
}
std::string_view trailing(std::string_view text, std::size_t n) {
    std::size_t at = text.size(), count = 0;
    while (at > 0 && count < n) {
        --at;
        while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
        ++count;
    }
    return text.substr(at);
}

/// Keys of one record beyond this many (long lists of addresses under a
/// rule of several list fields) are not made: the first ones still block.
constexpr std::size_t max_keys_per_rule = 64;
/// Characters at each end of a value a fuzzy rule blocks on.
constexpr std::size_t block_characters = 3;

/// Every combination of one entry per field, each joined by separators,
/// with `part` applied to each entry.
template <class Part>
std::vector<std::string> combinations(const CompiledRule::Forms& forms, const std::string& prefix,
                                      Part part) {
    std::vector<std::string> keys{prefix};
    for (const auto& values : forms) {
        if (values.empty()) return {};
        std::vector<std::string> next;
        for (const auto& key : keys)
            for (const auto& value : values) {
                if (next.size() >= max_keys_per_rule) break;
                next.push_back(key + std::string(part(value)) + '\x1f');
            }
        keys.swap(next);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

Query where_in(std::string column, const std::vector<Value>& values) {
    Query q;
    Condition c;
    c.column = std::move(column);
    c.op = CompareOp::in;
    c.values = values;
    q.where.push_back(std::move(c));
    return q;
}

} // namespace

// ---- compared forms ----------------------------------------------------------

std::string compared_form(std::string_view value, MatchComparison comparison, bool ignore_accents) {
    value = trim_spaces(value);
    std::string out;
    switch (comparison) {
    case MatchComparison::digits:
        for (char c : value)
            if (c >= '0' && c <= '9') out += c;
        return out;
    case MatchComparison::exact: out = std::string(value); break;
    case MatchComparison::automatic:
    case MatchComparison::text: out = fold_case(value); break;
    }
    return ignore_accents ? strip_accents(out) : out;
}

double similarity(std::string_view a, std::string_view b) {
    const std::u32string x = code_points(a), y = code_points(b);
    if (x.empty() && y.empty()) return 1;
    // Levenshtein distance with one row.
    std::vector<std::size_t> row(y.size() + 1);
    std::iota(row.begin(), row.end(), std::size_t{0});
    for (std::size_t i = 1; i <= x.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] != y[j - 1])});
            diagonal = above;
        }
    }
    return 1.0 - double(row[y.size()]) / double(std::max(x.size(), y.size()));
}

const std::vector<std::string>& matchable_fields() {
    static const std::vector<std::string> fields = [] {
        std::vector<std::string> out = {"emails", "phones"};
        boost::mp11::mp_for_each<public_members<Lead>>([&](auto d) {
            using M = std::remove_cvref_t<decltype(std::declval<Lead&>().*d.pointer)>;
            if constexpr (std::is_same_v<M, std::string>) out.emplace_back(d.name);
        });
        return out;
    }();
    return fields;
}

// ---- CompiledRule -----------------------------------------------------------------

CompiledRule::CompiledRule(MatchingRule rule)
    : rule_(std::move(rule)), prefix_(std::to_string(rule_.id) + '\x1e') {
    for (const auto& spec : rule_.fields) {
        Field f;
        f.ignore_accents = spec.ignore_accents;
        if (spec.field == "emails") {
            f.source = Field::Source::emails;
        } else if (spec.field == "phones") {
            f.source = Field::Source::phones;
        } else {
            f.text_member = spec.field;
        }
        f.comparison = spec.comparison;
        if (f.comparison == MatchComparison::automatic)
            f.comparison =
                f.source == Field::Source::phones ? MatchComparison::digits : MatchComparison::text;
        fields_.push_back(std::move(f));
    }
    prefix_ += rule_.mode == MatchMode::exact ? "=" : "~";
}

bool CompiledRule::uses_field(std::string_view field) const {
    return std::any_of(rule_.fields.begin(), rule_.fields.end(),
                       [&](const MatchField& f) { return f.field == field; });
}

CompiledRule::Forms CompiledRule::forms(const Lead& record) const {
    Forms out(fields_.size());
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        const Field& f = fields_[i];
        auto add = [&](std::string_view value) {
            std::string form = compared_form(value, f.comparison, f.ignore_accents);
            if (!form.empty() && std::find(out[i].begin(), out[i].end(), form) == out[i].end())
                out[i].push_back(std::move(form));
        };
        switch (f.source) {
        case Field::Source::emails:
            for (const auto& e : record.emails) add(e.address);
            break;
        case Field::Source::phones:
            for (const auto& p : record.phones) add(p.number);
            break;
        case Field::Source::text:
            boost::mp11::mp_for_each<public_members<Lead>>([&](auto d) {
                using M = std::remove_cvref_t<decltype(record.*d.pointer)>;
                if constexpr (std::is_same_v<M, std::string>)
                    if (f.text_member == d.name) add(record.*d.pointer);
            });
            break;
        }
    }
    return out;
}

std::vector<std::string> CompiledRule::keys(const Forms& forms) const {
    if (rule_.mode == MatchMode::exact)
        return combinations(forms, prefix_, [](const std::string& v) { return v; });
    auto front = combinations(forms, prefix_ + "<",
                              [](const std::string& v) { return leading(v, block_characters); });
    auto back = combinations(forms, prefix_ + ">",
                             [](const std::string& v) { return trailing(v, block_characters); });
    front.insert(front.end(), back.begin(), back.end());
    return front;
}

double CompiledRule::score(const Forms& a, const Forms& b) const {
    if (fields_.empty()) return 0;
    double total = 0;
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        double best = 0;
        for (const auto& x : a[i])
            for (const auto& y : b[i]) best = std::max(best, x == y ? 1.0 : similarity(x, y));
        total += best;
    }
    return total / double(fields_.size());
}

bool CompiledRule::matches(double score) const {
    // A little slack for the rounding of a mean of fractions.
    constexpr double epsilon = 1e-9;
    return rule_.mode == MatchMode::exact ? score >= 1 - epsilon
                                          : score >= rule_.threshold - epsilon;
}

// ---- Matcher ---------------------------------------------------------------------

Matcher::Matcher(const std::vector<MatchingRule>& rules) {
    for (const auto& rule : rules)
        if (rule.active) rules_.emplace_back(rule);
}

bool Matcher::uses_field(std::string_view field) const {
    return std::any_of(rules_.begin(), rules_.end(),
                       [&](const CompiledRule& r) { return r.uses_field(field); });
}

std::vector<MatchKey> Matcher::keys_of(const Lead& record) const {
    std::vector<MatchKey> out;
    for (const auto& rule : rules_)
        for (auto& key : rule.keys(rule.forms(record)))
            out.push_back(MatchKey{0, rule.rule().id, 0, std::move(key)});
    return out;
}

std::optional<Lead> read_person(Storage& storage, Id id, std::string* kind) {
    if (auto lead = read<Lead>(storage, id)) {
        if (kind) *kind = "lead";
        return lead;
    }
    if (auto contact = read<BusinessContact>(storage, id)) {
        if (kind) *kind = "business_contact";
        return Lead(std::move(*contact));
    }
    return std::nullopt;
}

std::vector<DuplicateMatch> Matcher::stored_matches(Storage& storage, const Lead& record, Id self,
                                                    std::span<const MatchKey> keys) const {
    if (keys.empty()) return {};
    // Which stored records share a key, per rule: one indexed look-up.
    std::vector<Value> wanted;
    for (const auto& k : keys) wanted.emplace_back(k.match_key);
    std::map<Id, std::set<Id>> candidates; // rule -> records
    const auto& table = schema<MatchKey>().table;
    const int rule_column = table.column_index("rule_id");
    const int record_column = table.column_index("record_id");
    constexpr std::size_t chunk = 500;
    for (std::size_t at = 0; at < wanted.size(); at += chunk) {
        std::vector<Value> part(wanted.begin() + std::ptrdiff_t(at),
                                wanted.begin() +
                                    std::ptrdiff_t(std::min(wanted.size(), at + chunk)));
        auto rows = storage.read(table, where_in("match_key", part),
                                 ReadShape::of({rule_column, record_column}));
        ReadRow row;
        while (rows->next(row)) {
            const auto* rule = std::get_if<std::int64_t>(&row.values[0]);
            const auto* other = std::get_if<std::int64_t>(&row.values[1]);
            if (rule && other && *other != self) candidates[*rule].insert(*other);
        }
    }
    std::vector<DuplicateMatch> out;
    if (candidates.empty()) return out;
    std::map<Id, std::pair<std::optional<Lead>, std::string>> people;
    auto person = [&](Id id) -> const std::pair<std::optional<Lead>, std::string>& {
        auto it = people.find(id);
        if (it == people.end()) {
            std::string kind;
            auto found = read_person(storage, id, &kind);
            it = people.emplace(id, std::make_pair(std::move(found), kind)).first;
        }
        return it->second;
    };
    for (const auto& rule : rules_) {
        auto found = candidates.find(rule.rule().id);
        if (found == candidates.end()) continue;
        const auto mine = rule.forms(record);
        std::vector<DuplicateMatch> matches;
        for (Id id : found->second) {
            const auto& [other, kind] = person(id);
            if (!other) continue; // a key left by a record that went: no match
            const double score = rule.score(mine, rule.forms(*other));
            if (!rule.matches(score)) continue;
            matches.push_back(DuplicateMatch{id, kind, other->full_name, rule.rule().id,
                                             rule.rule().name, rule.rule().action, score, 0});
        }
        std::stable_sort(matches.begin(), matches.end(),
                         [](const auto& a, const auto& b) { return a.score > b.score; });
        out.insert(out.end(), matches.begin(), matches.end());
    }
    return out;
}

// ---- RuleContext's matcher ------------------------------------------------------------

const Matcher& RuleContext::matcher() {
    if (!matcher_) {
        RecordQuery q;
        q.order_by = {"id"};
        matcher_ = std::make_shared<const Matcher>(read_where<MatchingRule>(storage(), q));
    }
    return *matcher_;
}

// ---- DuplicateCheck --------------------------------------------------------------------

DuplicateCheck::DuplicateCheck(RuleContext& context, std::string_view kind)
    : context_(context), matcher_(context.matcher()), kind_(kind) {}

void DuplicateCheck::remember(const Lead& record, std::size_t position) {
    keys_[position] = matcher_.keys_of(record);
}

void DuplicateCheck::check(const Lead& record, Id self, std::size_t position) {
    if (matcher_.empty()) return;
    std::vector<MatchKey> keys = matcher_.keys_of(record);
    std::vector<DuplicateMatch> matches =
        matcher_.stored_matches(context_.storage(), record, self, keys);
    // Records of this write checked before this one.
    std::map<std::pair<Id, std::size_t>, bool> seen;
    for (const auto& key : keys) {
        auto it = batch_keys_.find(key.match_key);
        if (it == batch_keys_.end()) continue;
        for (std::size_t earlier : it->second) {
            if (!seen.emplace(std::make_pair(key.rule_id, earlier), true).second) continue;
            for (const auto& rule : matcher_.rules()) {
                if (rule.rule().id != key.rule_id) continue;
                const double score =
                    rule.score(rule.forms(record), rule.forms(*checked_.at(earlier)));
                if (!rule.matches(score)) continue;
                matches.push_back(DuplicateMatch{0, kind_, checked_.at(earlier)->full_name,
                                                 rule.rule().id, rule.rule().name,
                                                 rule.rule().action, score, std::int64_t(earlier)});
            }
        }
    }
    for (const auto& m : matches) {
        if (m.action != MatchAction::block) continue;
        const std::string which =
            m.id ? (m.record_kind == "lead" ? "lead " : "business contact ") + std::to_string(m.id)
                 : "record " + std::to_string(m.position) + " of the same write";
        fail(ErrorCode::conflict, "duplicates " + which + " (" + m.full_name +
                                      ") by the matching rule '" + m.rule +
                                      "', which blocks duplicates");
    }
    for (auto& m : matches) {
        if (m.action != MatchAction::warn) continue;
        const std::int64_t earlier = m.id ? -1 : m.position;
        m.position = std::int64_t(position);
        if (earlier >= 0) m.id = -(earlier + 1); // resolved when that record is written
        warnings_.push_back(std::move(m));
    }
    for (const auto& key : keys) batch_keys_[key.match_key].push_back(position);
    checked_[position] = &record;
    keys_[position] = std::move(keys);
}

void DuplicateCheck::written(std::size_t position, Id id, bool replace) {
    Storage& storage = context_.storage();
    auto found = keys_.find(position);
    std::vector<MatchKey> keys;
    if (found != keys_.end()) keys = std::move(found->second);
    for (auto& k : keys) k.record_id = id;
    for (auto& w : warnings_)
        if (w.id == -(std::int64_t(position) + 1)) w.id = id;
    const auto& table = schema<MatchKey>().table;
    if (replace) {
        store_keys(); // the stored keys are read next
        // Only when they changed: most edits leave the compared fields alone.
        RecordQuery q;
        q.where.push_back(Filter{"record_id", FilterOp::eq, boost::json::value(id)});
        q.order_by = {"match_key"};
        auto stored = read_where<MatchKey>(storage, q);
        std::vector<std::string> before, after;
        for (const auto& k : stored) before.push_back(std::to_string(k.rule_id) + k.match_key);
        for (const auto& k : keys) after.push_back(std::to_string(k.rule_id) + k.match_key);
        std::sort(after.begin(), after.end());
        std::sort(before.begin(), before.end());
        if (before == after) return;
        for (const auto& k : stored) storage.remove(table, k.id);
    }
    for (const auto& k : keys) pending_keys_.push_back(schema<MatchKey>().to_row(k));
    if (pending_keys_.size() >= 4096) store_keys();
}

void DuplicateCheck::store_keys() {
    if (pending_keys_.empty()) return;
    context_.storage().insert_many(schema<MatchKey>().table, pending_keys_);
    pending_keys_.clear();
}

void DuplicateCheck::report(bool several_records) {
    store_keys();
    if (warnings_.empty()) return;
    if (!several_records)
        for (auto& w : warnings_) w.position = 0;
    context_.book().note_possible_duplicates(warnings_);
    warnings_.clear();
}

// ---- keys kept up to date ------------------------------------------------------------

void remove_match_keys(Storage& storage, Id record_id) {
    const auto& table = schema<MatchKey>().table;
    for (Id id :
         ids_where<MatchKey>(storage, Condition{"record_id", CompareOp::eq, Value(record_id), {}}))
        storage.remove(table, id);
}

void remove_rule_keys(Storage& storage, Id rule_id) {
    const auto& table = schema<MatchKey>().table;
    for (Id id :
         ids_where<MatchKey>(storage, Condition{"rule_id", CompareOp::eq, Value(rule_id), {}}))
        storage.remove(table, id);
}

namespace {

template <class T> void add_keys_of_all(Storage& storage, const CompiledRule& rule) {
    const auto& table = schema<MatchKey>().table;
    std::vector<Row> rows;
    auto flush = [&] {
        if (!rows.empty()) storage.insert_many(table, rows);
        rows.clear();
    };
    // Read whole, then written: a write while the cursor is open would
    // conflict with it.
    std::vector<MatchKey> keys;
    {
        auto cursor = read_records<T>(storage, Query{});
        ReadRow row;
        while (cursor->next(row)) {
            const T record = load<T>(row);
            for (auto& key : rule.keys(rule.forms(record)))
                keys.push_back(MatchKey{0, rule.rule().id, record.id, std::move(key)});
        }
    }
    for (const auto& k : keys) {
        rows.push_back(schema<MatchKey>().to_row(k));
        if (rows.size() >= 1024) flush();
    }
    flush();
}

} // namespace

void rebuild_match_keys(LeadBook& book, const MatchingRule& rule) {
    Storage& storage = book.storage();
    remove_rule_keys(storage, rule.id);
    if (!rule.active) return;
    const CompiledRule compiled(rule);
    add_keys_of_all<Lead>(storage, compiled);
    add_keys_of_all<BusinessContact>(storage, compiled);
}

void refresh_match_keys(RuleContext& context, std::span<const Id> ids) {
    if (context.matcher().empty()) return;
    DuplicateCheck keys(context, "lead");
    for (std::size_t i = 0; i < ids.size(); ++i) {
        // Not compared here: a bulk edit sets one field of many records.
        auto record = read_person(context.storage(), ids[i]);
        if (!record) continue;
        keys.remember(*record, i);
        keys.written(i, ids[i], true);
    }
    keys.store_keys();
}

} // namespace leadbook::detail

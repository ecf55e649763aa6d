// LeadBook's duplicate look-ups: one record's matches, and every group of
// the same records in the book, found through the stored blocking keys.
#include <leadbook/leadbook.hpp>

#include "facade.hpp"
#include "rules/duplicates.hpp"

#include <algorithm>
#include <unordered_map>

namespace leadbook {

using namespace detail::facade;

void LeadBook::note_possible_duplicates(std::span<const DuplicateMatch> matches) {
    possible_duplicates_.insert(possible_duplicates_.end(), matches.begin(), matches.end());
}

std::vector<DuplicateMatch> LeadBook::find_duplicates(const Lead& record) {
    detail::RuleContext context(*this);
    const auto& matcher = context.matcher();
    const auto keys = matcher.keys_of(record);
    return matcher.stored_matches(*storage_, record, record.id, keys);
}

std::vector<DuplicateMatch> LeadBook::find_duplicates(Id record_id) {
    auto record = detail::read_person(*storage_, record_id);
    if (!record)
        fail(ErrorCode::not_found,
             "record " + std::to_string(record_id) + " is not a lead or a business contact");
    return find_duplicates(*record);
}

namespace {

/// Groups of ids linked pair by pair (union-find), only over the records
/// that were linked: memory grows with them, not with the book.
class Groups {
public:
    void link(Id a, Id b, double score) {
        const Id ra = root(a), rb = root(b);
        const Id low = std::min(ra, rb), high = std::max(ra, rb);
        if (ra != rb) {
            parent_[high] = low;
            score_[low] = std::min({score_of(low), score_of(high), score});
        } else {
            score_[low] = std::min(score_of(low), score);
        }
    }

    std::vector<DuplicateGroup> groups(const MatchingRule& rule) {
        std::map<Id, DuplicateGroup> by_root;
        for (const auto& entry : parent_) {
            const Id r = root(entry.first);
            auto& g = by_root[r];
            g.ids.push_back(entry.first);
        }
        std::vector<DuplicateGroup> out;
        for (auto& [r, g] : by_root) {
            std::sort(g.ids.begin(), g.ids.end());
            g.rule_id = rule.id;
            g.rule = rule.name;
            g.score = score_of(r);
            out.push_back(std::move(g));
        }
        return out;
    }

private:
    Id root(Id id) {
        auto it = parent_.try_emplace(id, id).first;
        if (it->second == id) return id;
        const Id r = root(it->second);
        parent_[id] = r;
        return r;
    }
    double score_of(Id root) const {
        auto it = score_.find(root);
        return it == score_.end() ? 1.0 : it->second;
    }

    std::unordered_map<Id, Id> parent_;
    std::unordered_map<Id, double> score_;
};

} // namespace

std::vector<DuplicateGroup> LeadBook::duplicate_groups() {
    detail::RuleContext context(*this);
    const auto& matcher = context.matcher();
    std::vector<DuplicateGroup> out;
    const auto& table = schema<detail::MatchKey>().table;
    const std::vector<int> columns = {table.column_index("record_id"),
                                      table.column_index("match_key")};
    for (const auto& rule : matcher.rules()) {
        Groups groups;
        // The rule's keys in key order: records sharing a key come together.
        Query q;
        q.where.push_back(Condition{"rule_id", CompareOp::eq, Value(rule.rule().id), {}});
        q.order_by.push_back(SortKey{"match_key", false});
        std::vector<Id> block;
        std::string block_key;
        std::unordered_map<Id, detail::CompiledRule::Forms> forms; // of one block's records
        auto close_block = [&] {
            if (rule.rule().mode == MatchMode::exact) {
                for (std::size_t i = 1; i < block.size(); ++i) groups.link(block[0], block[i], 1);
            } else if (block.size() > 1) {
                for (Id id : block)
                    if (!forms.count(id))
                        if (auto person = detail::read_person(*storage_, id))
                            forms.emplace(id, rule.forms(*person));
                for (std::size_t i = 0; i < block.size(); ++i)
                    for (std::size_t j = i + 1; j < block.size(); ++j) {
                        auto a = forms.find(block[i]), b = forms.find(block[j]);
                        if (a == forms.end() || b == forms.end()) continue;
                        const double score = rule.score(a->second, b->second);
                        if (rule.matches(score)) groups.link(block[i], block[j], score);
                    }
                forms.clear();
            }
            block.clear();
        };
        {
            auto rows = storage_->read(table, q, ReadShape::of(columns));
            ReadRow row;
            while (rows->next(row)) {
                const auto* id = std::get_if<std::int64_t>(&row.values[0]);
                const auto* key = std::get_if<std::string>(&row.values[1]);
                if (!id || !key) continue;
                if (*key != block_key) {
                    close_block();
                    block_key = *key;
                }
                block.push_back(*id);
            }
            close_block();
        }
        auto found = groups.groups(rule.rule());
        out.insert(out.end(), std::make_move_iterator(found.begin()),
                   std::make_move_iterator(found.end()));
    }
    return out;
}

} // namespace leadbook

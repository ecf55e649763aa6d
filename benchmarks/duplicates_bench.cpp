// duplicates_bench: adding a lead with two matching rules (e-mail exact,
// name and company fuzzy) next to adding it with no rules at all, in the
// same run, on files of the same 20,000 leads. The target: at most 1.3x.
//
//   build/release/benchmarks/duplicates_bench
//   ... --benchmark_repetitions=3   # ratios then use the medians
#include "bench_support.hpp"

#include <leadbook/leadbook.hpp>

#include <benchmark/benchmark.h>

#include <random>

namespace {

using namespace leadbook;
using bench::remove_db;
using bench::scratch;

constexpr int stored_leads = 20'000;

/// A word of random letters, so that names spread over blocking keys as
/// real ones do (names that all begin alike would all be candidates).
std::string word(std::mt19937& random, int min_length, int max_length) {
    std::uniform_int_distribution<int> length(min_length, max_length), letter(0, 25);
    std::string out;
    const int n = length(random);
    for (int i = 0; i < n; ++i) out += char('a' + letter(random));
    out[0] = char(out[0] - 32);
    return out;
}

Lead random_lead(std::mt19937& random, std::int64_t serial) {
    Lead lead;
    lead.full_name = word(random, 4, 8) + " " + word(random, 5, 10);
    lead.company = word(random, 5, 10) + " Ltd";
    lead.emails = {{"work", "lead" + std::to_string(serial) + "@example.com"}};
    return lead;
}

/// A file of `stored_leads` leads with the two rules, or with none.
std::string make_file(const std::string& name, bool with_rules) {
    const std::string path = scratch(name);
    remove_db(path);
    auto book = LeadBook::open(path);
    std::vector<Id> defaults;
    for (const auto& rule : book.matching_rules().find()) defaults.push_back(rule.id);
    for (Id id : defaults) book.matching_rules().remove(id);
    if (with_rules) {
        MatchingRule email;
        email.name = "e-mail";
        email.fields = {{.field = "emails"}};
        book.matching_rules().add(email);
        MatchingRule person;
        person.name = "name and company";
        person.fields = {{.field = "full_name"}, {.field = "company"}};
        person.mode = MatchMode::fuzzy;
        person.threshold = 0.85;
        book.matching_rules().add(person);
    }
    std::mt19937 random(20261202);
    std::vector<Lead> leads;
    for (int i = 0; i < stored_leads; ++i) leads.push_back(random_lead(random, i));
    book.leads().add_many(leads);
    return path;
}

void add_leads(benchmark::State& state, bool with_rules) {
    const std::string path = make_file(with_rules ? "rules.db" : "no_rules.db", with_rules);
    auto book = LeadBook::open(path);
    std::mt19937 random(7);
    std::int64_t serial = 1'000'000;
    for (auto _ : state) {
        Lead lead = random_lead(random, serial++);
        benchmark::DoNotOptimize(book.leads().add(lead).id);
    }
    if (book.leads().count() != stored_leads + std::int64_t(state.iterations()))
        state.SkipWithError("a lead was not added");
    state.SetItemsProcessed(std::int64_t(state.iterations()));
    remove_db(path);
}

void BM_AddWithRules(benchmark::State& state) { add_leads(state, true); }
void BM_AddWithoutRules(benchmark::State& state) { add_leads(state, false); }
BENCHMARK(BM_AddWithRules)->Name("add_with_two_rules/leadbook")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AddWithoutRules)->Name("add_with_two_rules/no_rules")->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char** argv) {
    leadbook::bench::RatioReporter reporter("no_rules", "the same add without matching rules",
                                            [](std::string_view) { return 1.3; });
    return leadbook::bench::run_benchmarks(argc, argv, reporter);
}

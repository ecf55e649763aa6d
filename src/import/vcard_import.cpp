// import_vcard: cards read by VCardReader, made into leads by
// lead_from_vcard, stored through LeadImporter.
#include "importer.hpp"
#include "vcard_leads.hpp"

#include <fstream>

namespace leadbook {

ImportReport import_vcard(LeadBook& book, std::istream& in, const ImportOptions& options,
                          const ImportProgressFn& progress) {
    using namespace formats;
    if (!options.mapping.empty())
        fail(ErrorCode::validation, "a mapping is for CSV files; vCard properties are fixed");
    DuplicateIndex check_match_on(options.match_on);
    StreamByteSource source(in);
    VCardReader reader(source);
    ImportReport report;
    report.format = "vcard";
    report = run_import(book, options, progress, std::move(report), [&](LeadImporter& importer) {
        VCard card;
        LeadBuilder builder;
        std::vector<FieldProblem> problems;
        while (true) {
            try {
                if (!reader.next(card)) break;
            } catch (const ImportError& e) {
                importer.bad_row({e.issue()});
                continue;
            }
            importer.set_bytes_read(reader.bytes_read());
            builder.clear();
            problems.clear();
            lead_from_vcard(card, builder, problems);
            std::optional<Lead> lead;
            if (problems.empty()) lead = builder.build(problems);
            if (!lead) {
                std::vector<ImportIssue> issues;
                for (const auto& p : problems) {
                    if (p.source >= 0 && std::size_t(p.source) < card.properties.size()) {
                        const auto& prop = card.properties[std::size_t(p.source)];
                        issues.push_back(ImportIssue{prop.line, 0, prop.name, p.reason});
                    } else {
                        issues.push_back(ImportIssue{card.line, 0, "", p.reason});
                    }
                }
                importer.bad_row(std::move(issues));
                continue;
            }
            importer.add_row(card.line, std::move(*lead));
        }
        if (importer.rows() == 0)
            throw ImportError(ImportIssue{1, 0, "", "the file holds no vCard (BEGIN:VCARD)"});
    });
    report_encoding(report, reader.decoder());
    return report;
}

ImportReport import_vcard_file(LeadBook& book, const std::string& path,
                               const ImportOptions& options, const ImportProgressFn& progress) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(ErrorCode::not_found, "cannot open '" + path + "' for reading");
    return import_vcard(book, in, options, progress);
}

} // namespace leadbook

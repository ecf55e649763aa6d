// vcard_leads.hpp: a Lead from a vCard and a vCard 4.0 from a Lead.
//
// Labels travel as vCard TYPEs where one fits ("business" <-> TYPE=work,
// "mobile" <-> TEL;TYPE=cell, "business fax" <-> TYPE=work,fax); any other
// label is written in an X-LABEL parameter as well, so a card read back
// gives the same labels.
#pragma once

#include "lead_fields.hpp"
#include "../formats/vcard.hpp"

#include <leadbook/types.hpp>

#include <string>
#include <vector>

namespace leadbook::formats {

/// Fills `builder` from a card; each value's source is its property index.
/// Problems the builder cannot see (no FN) go to `problems`.
void lead_from_vcard(const VCard& card, LeadBuilder& builder, std::vector<FieldProblem>& problems);

/// A vCard 4.0 (RFC 6350) for `lead`, CRLF line ends, folded.
void append_vcard(std::string& out, const Lead& lead);

} // namespace leadbook::formats

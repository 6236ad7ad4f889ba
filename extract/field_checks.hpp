// The checks that follow from a document's field values alone, shared by the assembly of a record
// and by a clerk's correction, which re-runs them at once on the corrected document.
#pragma once
#include <string>
#include <vector>

#include "core/field.hpp"
#include "extract/decide.hpp"

namespace sohoa::extract {

struct CheckResult {
  std::string rule;
  bool ok = false;
  std::string message;
  std::vector<std::string> paths;  // the fields involved (flat paths)
};

// ID cards: the personal number's structure against birth and sex, the dates' order, and the MRZ
// check digits when the MRZ is checked on its own (`with_mrz`; the assembly checks it as read).
std::vector<CheckResult> card_checks(const FieldMap& fields, int today_year, bool with_mrz);
// Certificates: the purposes' areas against the parcel's, each land-use code against its name,
// the date of issue.
std::vector<CheckResult> certificate_checks(const std::string& form, const FieldMap& fields, int today_year);

// The document's fields by flat path.
FieldMap flatten(const Json& fields);
// Re-runs the value checks of a record's document (after a correction): each such rule's result
// replaces the old one, and a field a failing rule involves goes (back) to review.
void recheck(Json& document, int today_year);

}  // namespace sohoa::extract

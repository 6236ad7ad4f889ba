// Value grammars named by the form models: each turns the raw text read after a label into the
// contract's normalized value and says whether the text fitted, and how much was corrected.
#pragma once
#include <string>

#include "core/field.hpp"

namespace sohoa::extract {

struct Parsed {
  Json value;             // normalized value; null when the text did not fit
  bool valid = false;     // fitted the grammar (and its vocabulary, when it has one)
  double certainty = 1;   // 1: read exactly; lower when the value was corrected or is ambiguous
  // The least confidence the value deserves whatever the OCR's word confidences: an entry of a
  // closed vocabulary matched exactly (or with a clear margin) is itself a confirmation.
  double floor = 0;
};

bool known_grammar(std::string_view grammar);
// raw: the original (NFC) text; groups: the submatches of a "find" pattern, when there was one.
Parsed parse_value(std::string_view grammar, const std::string& raw, const std::vector<std::string>& groups = {});

// Digits of a number as OCR reads them, with the usual letter-for-digit slips repaired.
std::string repair_digits(std::string_view text);

}  // namespace sohoa::extract

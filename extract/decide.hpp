// Deciding a field from its independent readings (OCR, QR payload, MRZ, another document of the
// dossier): the value, how sure the station is, and whether a person must look at it.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "core/field.hpp"

namespace sohoa::extract {

struct Candidate {
  Json value;
  std::string evidence;     // "ocr", "qr", "mrz", "cross"
  double confidence = 0;    // for OCR: word confidence times grammar certainty
  bool valid = true;        // fitted its grammar
  SourceRef source;         // where it was read (OCR box, QR code, MRZ zone)
};

// OCR confidence above which a reading that nothing else confirms is accepted without review.
// Measured on generated sets (README, "Extraction"): above it, 1 wrong value in ~1,000.
inline constexpr double kOcrAlone = 0.93;

// Agreement of two or more kinds of evidence, or an error-corrected code (QR, MRZ with its check
// digit), is accepted; a lone OCR reading only when valid and above kOcrAlone; a conflict between
// two codes always goes to review.
Field decide(const std::vector<Candidate>& candidates);

// Flat path ("owners[0].name") -> Field, and back to the contract's nesting.
using FieldMap = std::map<std::string, Field>;
void set_path(Json& root, const std::string& path, Json value);
// The fields nested as the contract has them, in the order of `order` (the contract's order).
Json nest(const FieldMap& fields, const std::vector<std::string>& order);

// A rule that was checked on a document: {"rule", "ok", "message", "fields"}, fields being the
// paths of the document's fields it involves (left out when none).
Json check(const std::string& rule, bool ok, const std::string& message, const std::vector<std::string>& fields = {});

}  // namespace sohoa::extract

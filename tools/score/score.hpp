// `sohoa score`: compares the station's dossier.json files with the generator's truth.json files,
// field by field, and reports what the contract measures: field accuracy, documents with every
// field right, wrong fields the station did not flag, the share it flagged, per-field accuracy and
// pages per minute.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/field.hpp"

namespace sohoa::score {

struct Tally {
  int total = 0, correct = 0, wrong_unflagged = 0, flagged = 0;
};

struct Report {
  int dossiers = 0, documents = 0, documents_all_right = 0, documents_missing = 0, pages = 0;
  Tally fields;
  Tally critical;  // card number, date of birth and MRZ: must be right or flagged
  std::map<std::string, Tally> per_field;  // "id_card.date_of_birth", "land_certificate.owners[].name"
  std::optional<double> seconds;           // from the prediction's run.json

  void add(const Report& other);
  Json to_json() const;
  std::string summary() const;
};

// Scores one dossier's prediction (a dossier.json with Field leaves) against its truth.
Report score_dossier(const Json& truth, const Json& prediction);
// TRUTH and PRED are each a dossier file, a dossier folder, or a root of dossier folders; pairs
// are matched by folder name. Throws std::runtime_error naming what is missing or malformed.
Report score_paths(const std::filesystem::path& truth, const std::filesystem::path& prediction);

}  // namespace sohoa::score

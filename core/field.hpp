// The record types of the `sohoa.dossier/1` contract (docs/dossier-contract.md): a Field is every
// leaf of a document's `fields`; documents and pages refer back to the scans they came from.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sohoa {

using Json = nlohmann::ordered_json;
inline constexpr const char* kDossierSchema = "sohoa.dossier/1";

// Axis-aligned box in original pixel coordinates of a source image: x, y, width, height.
using Box = std::array<int, 4>;

struct SourceRef {
  std::string source;  // file name within the dossier
  int page = 0;        // page within a multi-page file
  Box bbox{};
};

struct Field {
  Json value;               // normalized value, null when absent
  double confidence = 0.0;  // estimate that value is exactly right
  bool review = true;       // a person must look at it
  SourceRef source;
  std::vector<std::string> evidence;  // "ocr", "qr", "mrz", "cross"
};

Json to_json(const Field& f);
Field field_from_json(const Json& j);
// A leaf of `fields`: a Field object (has "value") or, in truth files, a plain value.
bool is_field_leaf(const Json& node);

// A field path of the contract, "owners[0].name" or "parcel.area_m2", split into its steps: an
// object key, and an array index when the step has one. Throws std::invalid_argument when malformed.
struct PathStep {
  std::string key;
  std::optional<std::size_t> index;
};
std::vector<PathStep> parse_field_path(const std::string& path);
// The node at a field path under a document's `fields`, or nullptr (no such node, or a malformed path).
const Json* field_at(const Json& fields, const std::string& path);
Json* field_at(Json& fields, const std::string& path);

// Counts the Field leaves under a record node and those flagged for review (adds to the counters).
void count_fields(const Json& node, int& fields, int& flagged);

}  // namespace sohoa

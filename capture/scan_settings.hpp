// The scanner part of a scanner profile (scanner_profiles/*.json, key "scan"): how a SANE device
// is set up for a job, and the matching rules for option names and values that differ between
// backends ("ADF Duplex" on one, source "Automatic Document Feeder" + adf-mode "Duplex" on
// another). Validated when loaded, with errors naming the file and the key.
#pragma once
#include <chrono>
#include <cmath>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "capture/patch_code.hpp"
#include "capture/profile.hpp"
#include "core/field.hpp"

namespace sohoa::capture {

enum class ScanSource { Flatbed, Adf, AdfDuplex };
enum class ScanMode { Color, Gray, Lineart };
const char* source_name(ScanSource s);  // "flatbed", "adf", "adf_duplex"
const char* mode_name(ScanMode m);      // "color", "gray", "lineart"

struct OptionSetting {
  std::string name;  // SANE option name ("source", "adf-mode", "swdeskew")
  Json value;        // string, number or boolean
};
// One way a backend can be told something: every option of it set, in order.
using OptionAlternative = std::vector<OptionSetting>;

struct ScanSettings {
  ScanSource source = ScanSource::Flatbed;
  ScanMode mode = ScanMode::Color;
  double dpi = 300;
  std::string page_size = "A4";  // a name, or "custom"
  double width_mm = 210, height_mm = 297;
  double blank_page_ink_max = 0.003;  // a page with no more ink than this share is blank
  // The patch codes that make a page of a fed batch a separator sheet ("separator_patches":
  // ["T", "2"]; [] for the station's QR separators only).
  std::vector<PatchType> separator_patches = {PatchType::PatchT, PatchType::Patch2};
  // A SANE call (open, start, read …) that does not return within this ends the batch: the
  // scanner is not responding.
  double response_limit_s = 60;
  std::chrono::milliseconds response_limit() const { return std::chrono::milliseconds(std::lround(response_limit_s * 1000)); }
  std::vector<OptionSetting> options;  // set in this order, after source, mode and resolution
  // Matching rules: the first alternative whose options and values the device has is used.
  // The profile's own rules come first, then those of scanner_profiles/default.json.
  std::vector<std::string> resolution_names;
  std::vector<OptionAlternative> source_ways[3];  // by ScanSource
  std::vector<OptionAlternative> mode_ways[3];    // by ScanMode
};

struct ScannerProfile {
  PrepareProfile prepare;
  std::optional<ScanSettings> scan;  // absent: a profile for files only
  std::string description;
};

// NAME (scanner_profiles/NAME.json, compiled in) or the path of a profile file.
// Throws std::runtime_error naming the file and what is wrong.
ScannerProfile load_scanner_profile(const std::string& name_or_file);
ScannerProfile parse_scanner_profile(std::string_view json_text, const std::string& origin);
std::vector<std::string> scanner_profile_names();

}  // namespace sohoa::capture

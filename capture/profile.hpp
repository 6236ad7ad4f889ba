// The part of a scanner profile (scanner_profiles/*.json) that page preparation reads: the
// fallback resolution, quality thresholds and input limits. Validated when loaded.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace sohoa::capture {

// The values live in scanner_profiles/default.json; a profile file overrides what it names.
struct QualityThresholds {
  double min_dpi;             // below: "low_resolution"
  double max_skew_deg;        // above: "skew_too_large"
  double blur_min_sharpness;  // below: "blurry" (edge sharpness, 0..1)
  double too_dark_paper_max;  // paper brightness (0..255) below: "too_dark"
  double too_light_ink_min;   // darkness level of the ink (0..255) above: "too_light"
  double blank_ink_max;       // share of ink pixels below: "blank"
  double glare_min_share;     // share of a card washed out by glare: "glare"
};

struct InputLimits {
  double max_file_mb;
  double max_megapixels;
  int max_pages_per_file;
};

struct PrepareProfile {
  std::string name;
  std::optional<double> dpi;  // used when a file carries no resolution
  QualityThresholds quality;
  InputLimits limits;
};

// The built-in default profile (scanner_profiles/default.json).
const PrepareProfile& default_profile();
// Loads a profile file; missing keys take the default's values. Throws std::runtime_error naming
// the file and the key that is wrong.
PrepareProfile load_profile(const std::filesystem::path& file);
// base: where missing keys come from (nullptr: every key is required, as in the default file).
PrepareProfile parse_profile(std::string_view json_text, const std::string& origin, const PrepareProfile* base);

}  // namespace sohoa::capture

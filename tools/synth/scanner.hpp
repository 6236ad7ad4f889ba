// The scanner and the counter: lays rendered sheets on a scan (sheet feeder, flatbed, a card
// scanner, a photocopy, a phone photo), then degrades the image the way real capture does.
// Every sheet's final pixel transform is kept, so the truth knows where each document and each
// field ended up in the file.
#pragma once
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "tools/synth/random.hpp"
#include "tools/synth/sheet.hpp"

namespace sohoa::synth {

enum class ScanMode { SheetFeeder, Flatbed, CardScanner, Photocopy, PhonePhoto };

struct PlacedSheet {
  const Sheet* sheet;
  cv::Matx33d to_scan;  // sheet pixels -> scan pixels
};

struct Scan {
  cv::Mat image;  // BGR or single-channel grey
  double dpi = 300;
  std::vector<PlacedSheet> placed;
  std::vector<std::string> issues;  // expected quality findings: "low_resolution", "glare", …
};

struct ScanSettings {
  ScanMode mode = ScanMode::SheetFeeder;
  double dpi = 300;
  bool hard = false;
};

// Sheets must be rendered at settings.dpi. The result holds pointers to the sheets.
Scan scan_sheets(std::vector<Sheet>& sheets, const ScanSettings& settings, Rng& rng);

cv::Point2d apply(const cv::Matx33d& m, cv::Point2d p);
// The four corners of a sheet (its own top-left, top-right, bottom-right, bottom-left) on the scan.
std::vector<cv::Point2d> corners_on_scan(const PlacedSheet& p);

}  // namespace sohoa::synth

// Page preparation: from one scanned page to every document on it, cut out upright with its
// perspective undone, cleaned for OCR, with a quality verdict.
#pragma once
#include <array>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "capture/decode.hpp"
#include "capture/detect.hpp"
#include "capture/quality.hpp"

namespace sohoa::capture {

struct PreparedDocument {
  std::string source;  // file name
  int page = 0;        // page within the file
  int index = 0;       // document on that page, in reading order
  std::string shape;   // "card", "gcn_2014_page", "a4"
  Corners corners;     // the document's own top-left, top-right, bottom-right, bottom-left on the scan
  std::array<int, 4> region{};  // x, y, width, height on the scan
  double angle = 0;    // clockwise angle of the document's top edge on the scan, degrees
  int rotation = 0;    // the quarter turn in that angle: 0, 90, 180 or 270
  double skew = 0;     // the rest of it, degrees
  double dpi = 0;
  std::string dpi_from;  // "file", "profile" or "size" (estimated from the document's known size)
  double up_down_confidence = 0;
  cv::Mat colour;  // upright crop, original colours (for the PDF and the clerk)
  cv::Mat clean;   // grey image for OCR
  cv::Mat scan;    // the scanned page it was cut from (its pixels shared, not copied)
  QualityMeasures measures;
  std::vector<QualityFinding> quality;
};

std::vector<PreparedDocument> prepare_page(const ScanPage& page, const std::string& source, const PrepareProfile& profile);

}  // namespace sohoa::capture

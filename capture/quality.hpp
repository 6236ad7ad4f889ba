// The quality verdict on each prepared document, in words an operator understands at the
// counter (Vietnamese first, English beside), while the owner is still there to rescan.
#pragma once
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "capture/profile.hpp"

namespace sohoa::capture {

struct QualityFinding {
  std::string code;        // low_resolution, blurry, too_dark, too_light, cut_off, blank, skew_too_large, glare
  std::string message_vi;  // for the operator
  std::string message_en;
};

struct QualityMeasures {
  double dpi = 0;
  bool dpi_estimated = false;  // from the document's size: about 5% either way
  double sharpness = 0;   // 0..1: steepest ink edges relative to contrast, at 150 dpi
  double paper = 0;       // paper brightness, 0..255
  double ink = 0;         // darkness level of the ink, 0..255 (low = dark print)
  double ink_share = 0;   // share of ink pixels in the cleaned image
  double glare_share = 0; // share of a card's letters washed out to mid-grey (glare)
  double skew_deg = 0;
  bool touches_edge = false;
  bool card = false;
};

// colour: the upright crop; clean: its OCR image.
QualityMeasures measure_quality(const cv::Mat& colour, const cv::Mat& clean, double dpi);
std::vector<QualityFinding> judge_quality(const QualityMeasures& m, const QualityThresholds& t);

}  // namespace sohoa::capture

// Finding every document on a scan: certificate pages from a sheet feeder, up to four cards on a
// flatbed, a card from a card scanner, card images on a photocopy, a page in a phone photo.
#pragma once
#include <array>
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

namespace sohoa::capture {

using Corners = std::array<cv::Point2d, 4>;  // top-left, top-right, bottom-right, bottom-left

struct FoundDocument {
  Corners corners;            // on the scan, clockwise from the corner seen at the top left
  bool touches_edge = false;  // runs off the scan: the document may be cut off
  bool whole_image = false;   // no scanner bed around it: the image is the document
  // per edge (corner i to corner i+1): share of its samples on the fitted line, 0..1
  std::array<double, 4> edge_support{};
  std::array<double, 4> edge_rms{};  // pixels: how far those samples stray from the line
};

// Documents are told from the scanner bed by colour and texture on a reduced copy (about 1000
// pixels on the long side), then each edge is found again at full resolution along its normal
// and fitted as a straight line, so corners are exact to a pixel or two whatever the reduction.
std::vector<FoundDocument> find_documents(const cv::Mat& scan);

// Intersection over union of two quadrilaterals.
double quad_iou(const Corners& a, const Corners& b);

}  // namespace sohoa::capture

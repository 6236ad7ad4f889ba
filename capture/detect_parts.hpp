// Parts of finding documents shared by the flat-scan path (detect.cpp) and the phone-photo path
// (detect_photo.cpp). Internal to capture.
#pragma once
#include <array>
#include <vector>

#include <opencv2/core.hpp>

#include "capture/detect.hpp"

namespace sohoa::capture {

// The four points in the order of Corners: clockwise from the one seen at the top left.
Corners order_corners(std::vector<cv::Point2d> pts);

// Moves each edge of a coarse quad (scan pixels) onto the paper's edge, searched over `reach`
// pixels along its normal, and intersects the fitted lines. Fills each edge's support and rms.
// With `faint_edge` set, the outermost step of that strength is taken however strong the print
// inside (else the outermost one at least half as strong as the strongest).
Corners refine(const cv::Mat& scan, const Corners& coarse, double reach, std::array<double, 4>& support, std::array<double, 4>& rms,
               double faint_edge = 0);

// Whether the border of the reduced scan shows a table (coloured, or grained along one direction)
// rather than a scanner bed.
bool on_textured_surface(const cv::Mat& small);

// Documents lying on such a table, each a perspective quadrilateral; empty when none stands out.
// `small` is the scan reduced by a whole factor.
std::vector<FoundDocument> find_documents_on_surface(const cv::Mat& scan, const cv::Mat& small);

}  // namespace sohoa::capture

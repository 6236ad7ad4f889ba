// Shrinking images for analysis by a whole factor: OpenCV's INTER_AREA takes a fast path for
// integer factors and a slow general one for fractional scales (measured: 5× slower on a page).
#pragma once
#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace sohoa::capture {

// The whole factor that brings `size` to about `target` pixels or more, at least 1.
inline int reduction_factor(double size, double target) { return std::max(1, static_cast<int>(std::floor(size / target))); }

inline cv::Mat reduce(const cv::Mat& image, int factor) {
  if (factor <= 1) return image;
  // the fast path needs the size to divide exactly: the last few rows and columns are left out
  const cv::Mat whole = image(cv::Rect(0, 0, image.cols / factor * factor, image.rows / factor * factor));
  cv::Mat out;
  cv::resize(whole, out, cv::Size(whole.cols / factor, whole.rows / factor), 0, 0, cv::INTER_AREA);
  return out;
}

}  // namespace sohoa::capture

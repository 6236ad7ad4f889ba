// Shrinking images for analysis by a whole factor: OpenCV's INTER_AREA takes a fast path for
// integer factors and a slow general one for fractional scales (measured: 5× slower on a page).
#pragma once
#include <algorithm>
#include <cmath>

#include <opencv2/core.hpp>

namespace sohoa::capture {

// The whole factor that brings `size` to about `target` pixels or more, at least 1.
inline int reduction_factor(double size, double target) { return std::max(1, static_cast<int>(std::floor(size / target))); }

// The mean of each factor × factor block (INTER_AREA's values); the last few rows and columns
// that make no whole block are left out.
cv::Mat reduce(const cv::Mat& image, int factor);

}  // namespace sohoa::capture

#include "capture/components.hpp"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace sohoa::capture {

std::vector<Component> find_components(const cv::Mat& mask, cv::Mat& labels) {
  const int n = cv::connectedComponents(mask, labels, 8, CV_32S);
  std::vector<Component> out(static_cast<std::size_t>(n));
  for (int y = 0; y < labels.rows; ++y) {
    const int* row = labels.ptr<int>(y);
    for (int x = 0; x < labels.cols; ++x) {
      if (row[x] == 0) continue;
      Component& c = out[static_cast<std::size_t>(row[x])];
      if (c.area++ == 0) c.x0 = x, c.y0 = y;  // rows run top down: the first pixel seen is on the top row
      c.x0 = std::min(c.x0, x), c.x1 = std::max(c.x1, x), c.y1 = y;
    }
  }
  return out;
}

}  // namespace sohoa::capture

#include "capture/reduce.hpp"

#include <opencv2/imgproc.hpp>
#include <vector>

namespace sohoa::capture {

cv::Mat reduce(const cv::Mat& image, int factor) {
  if (factor <= 1) return image;
  const int w = image.cols / factor, h = image.rows / factor;
  cv::Mat out;
  if (factor == 2 || image.depth() != CV_8U) {  // OpenCV's halving is vectorised
    cv::resize(image(cv::Rect(0, 0, w * factor, h * factor)), out, cv::Size(w, h), 0, 0, cv::INTER_AREA);
    return out;
  }
  // Other factors the same way OpenCV does (each block's sum times the float 1/area, rounded:
  // the same values) but with a block's rows added a whole row at a time, which the compiler
  // vectorises: a page reduced by 6 in colour 12 → 6 ms.
  const int cn = image.channels(), n = w * factor * cn;
  out.create(h, w, image.type());
  std::vector<int> sums(static_cast<std::size_t>(n));
  const float scale = 1.f / static_cast<float>(factor * factor);
  for (int y = 0; y < h; ++y) {
    std::fill(sums.begin(), sums.end(), 0);
    for (int k = 0; k < factor; ++k) {
      const unsigned char* row = image.ptr<unsigned char>(y * factor + k);
      for (int i = 0; i < n; ++i) sums[static_cast<std::size_t>(i)] += row[i];
    }
    unsigned char* o = out.ptr<unsigned char>(y);
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < cn; ++c) {
        int sum = 0;
        for (int j = 0; j < factor; ++j) sum += sums[static_cast<std::size_t>((x * factor + j) * cn + c)];
        o[x * cn + c] = cv::saturate_cast<unsigned char>(static_cast<float>(sum) * scale);
      }
  }
  return out;
}

}  // namespace sohoa::capture

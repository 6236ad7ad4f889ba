#include "capture/clean.hpp"

#include <opencv2/imgproc.hpp>
#include <vector>

namespace sohoa::capture {
namespace {

// One grey value per pixel chosen by ink colour. The green channel keeps black and red print
// dark while pink and light blue backgrounds come out light; blue ink (signatures) and light,
// strongly red ink (stamps over paper) become paper. Where they cross black print the mixed
// colour is dark in every channel and stays print.
cv::Mat ink_channel(const cv::Mat& bgr) {
  cv::Mat out(bgr.size(), CV_8UC1);
  for (int y = 0; y < bgr.rows; ++y) {
    const auto* p = bgr.ptr<unsigned char>(y);
    auto* o = out.ptr<unsigned char>(y);
    for (int x = 0; x < bgr.cols; ++x, p += 3) {
      const int b = p[0], g = p[1], r = p[2];
      const bool blue_ink = b > r + 30 && b > g + 10;
      const bool stamp_red = r > g + 70 && g > 75;
      o[x] = static_cast<unsigned char>(blue_ink || stamp_red ? 255 : g);
    }
  }
  return out;
}

}  // namespace

cv::Mat clean_for_ocr(const cv::Mat& image) {
  cv::Mat grey = image.channels() == 3 ? ink_channel(image) : image.clone();
  // background: the page without its print (a max filter at quarter size), to divide out paper
  // tint and uneven light
  cv::Mat small, background;
  cv::resize(grey, small, cv::Size(), 0.25, 0.25, cv::INTER_AREA);
  cv::dilate(small, small, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(7, 7)));
  cv::medianBlur(small, small, 5);
  cv::resize(small, background, grey.size(), 0, 0, cv::INTER_LINEAR);
  // ink level relative to the paper around it: paper and fine background print (above ~0.85 of
  // the paper) go white, ink keeps its shading. A table over (pixel, background) does the division.
  static const std::vector<unsigned char> table = [] {
    std::vector<unsigned char> t(256 * 256);
    for (int bg = 0; bg < 256; ++bg)
      for (int v = 0; v < 256; ++v)
        t[static_cast<std::size_t>(bg * 256 + v)] = cv::saturate_cast<unsigned char>((v / std::max(1.0, 1.0 * bg) - 0.35) * 255.0 / 0.5);
    return t;
  }();
  cv::Mat out(grey.size(), CV_8UC1);
  for (int y = 0; y < grey.rows; ++y) {
    const auto* g = grey.ptr<unsigned char>(y);
    const auto* bg = background.ptr<unsigned char>(y);
    auto* o = out.ptr<unsigned char>(y);
    for (int x = 0; x < grey.cols; ++x) o[x] = table[static_cast<std::size_t>(bg[x] * 256 + g[x])];
  }
  return out;
}

}  // namespace sohoa::capture

#include "capture/clean.hpp"

#include <opencv2/imgproc.hpp>

namespace sohoa::capture {
namespace {

// One grey value per pixel chosen by ink colour. The green channel keeps black and red print
// dark while pink and light blue backgrounds come out light; blue ink (signatures) and light,
// strongly red ink (stamps over paper) take their brightest channel, which makes them vanish.
cv::Mat ink_channel(const cv::Mat& bgr) {
  cv::Mat out(bgr.size(), CV_8UC1);
  for (int y = 0; y < bgr.rows; ++y) {
    const auto* p = bgr.ptr<cv::Vec3b>(y);
    auto* o = out.ptr<unsigned char>(y);
    for (int x = 0; x < bgr.cols; ++x) {
      const int b = p[x][0], g = p[x][1], r = p[x][2];
      const int brightest = std::max(b, std::max(g, r));
      if (b > r + 30 && b > g + 10) o[x] = static_cast<unsigned char>(brightest);           // blue ink
      else if (r > g + 70 && g > 75) o[x] = static_cast<unsigned char>(brightest);          // stamp red
      else o[x] = static_cast<unsigned char>(g);
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
  cv::Mat out(grey.size(), CV_8UC1);
  for (int y = 0; y < grey.rows; ++y) {
    const auto* g = grey.ptr<unsigned char>(y);
    const auto* bg = background.ptr<unsigned char>(y);
    auto* o = out.ptr<unsigned char>(y);
    for (int x = 0; x < grey.cols; ++x) {
      const double ratio = g[x] / std::max(1.0, static_cast<double>(bg[x]));  // 1 = paper
      // paper and fine background print (ratio above ~0.85) go white, ink keeps its shading
      o[x] = cv::saturate_cast<unsigned char>((ratio - 0.35) * 255.0 / 0.5);
    }
  }
  return out;
}

}  // namespace sohoa::capture

#include "capture/quality.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <opencv2/imgproc.hpp>

namespace sohoa::capture {
namespace {

double percentile(const cv::Mat& grey, double q) {
  int hist[256] = {0};
  for (int y = 0; y < grey.rows; ++y) {
    const auto* p = grey.ptr<unsigned char>(y);
    for (int x = 0; x < grey.cols; ++x) ++hist[p[x]];
  }
  const double target = q * static_cast<double>(grey.total());
  double seen = 0;
  for (int v = 0; v < 256; ++v)
    if ((seen += hist[v]) >= target) return v;
  return 255;
}

std::string fmt(const char* f, double v) {
  char buf[200];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

QualityMeasures measure_quality(const cv::Mat& colour, const cv::Mat& clean, double dpi) {
  QualityMeasures m;
  m.dpi = dpi;
  cv::Mat grey;
  if (colour.channels() == 3) cv::cvtColor(colour, grey, cv::COLOR_BGR2GRAY);
  else grey = colour;
  // inner 90%: the document's own border and the bed beyond it say nothing about the print
  const cv::Rect inner(grey.cols / 20, grey.rows / 20, grey.cols * 9 / 10, grey.rows * 9 / 10);
  const cv::Mat g = grey(inner), c = clean(inner);
  m.paper = percentile(g, 0.9);
  m.ink = percentile(g, 0.005);
  m.ink_share = static_cast<double>(cv::countNonZero(c < 128)) / static_cast<double>(c.total());
  // sharpness: at 150 dpi a crisp ink edge rises over about one pixel
  cv::Mat work, gx, gy, mag;
  const double scale = std::min(1.0, 150.0 / dpi);
  cv::resize(g, work, cv::Size(), scale, scale, cv::INTER_AREA);
  cv::Sobel(work, gx, CV_32F, 1, 0);
  cv::Sobel(work, gy, CV_32F, 0, 1);
  cv::magnitude(gx, gy, mag);
  std::vector<float> v(mag.begin<float>(), mag.end<float>());
  const auto k = static_cast<std::size_t>(0.998 * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  const double contrast = std::max(20.0, m.paper - m.ink);
  m.sharpness = std::min(1.0, v[k] / (4.0 * contrast));  // Sobel of a one-pixel step = 4 × its height
  // glare: where the card's background turns brighter than its paper and the print fades with it
  if (colour.cols > colour.rows) {
    cv::Mat bg;
    cv::resize(g, bg, cv::Size(64, 40), 0, 0, cv::INTER_AREA);
    cv::Mat lo;
    cv::erode(bg, lo, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
    const double base = percentile(bg, 0.5);
    m.glare_share = static_cast<double>(cv::countNonZero((bg > base + 6) & (lo > base - 10))) / static_cast<double>(bg.total());
  }
  return m;
}

std::vector<QualityFinding> judge_quality(const QualityMeasures& m, const QualityThresholds& t) {
  std::vector<QualityFinding> out;
  if (m.ink_share < t.blank_ink_max) {
    out.push_back({"blank", "Trang trắng: không thấy nội dung", "Blank page: nothing printed was found"});
    return out;
  }
  if (m.dpi < t.min_dpi)
    out.push_back({"low_resolution", fmt("Độ phân giải thấp (%.0f dpi): hãy quét lại ở 200 dpi trở lên", m.dpi),
                   fmt("Resolution too low (%.0f dpi): rescan at 200 dpi or more", m.dpi)});
  if (m.sharpness < t.blur_min_sharpness)
    out.push_back({"blurry", "Ảnh bị mờ, chữ không sắc nét: hãy quét lại", "Image is blurry: rescan"});
  if (m.paper < t.too_dark_paper_max)
    out.push_back({"too_dark", "Ảnh quá tối: hãy quét lại với độ sáng cao hơn", "Image too dark: rescan brighter"});
  else if (m.ink > t.too_light_ink_min)
    out.push_back({"too_light", "Ảnh quá nhạt, chữ mờ: hãy quét lại đậm hơn", "Image too light, print is faint: rescan darker"});
  if (m.touches_edge)
    out.push_back({"cut_off", "Tài liệu bị cắt ở mép ảnh quét: hãy đặt lại và quét lại", "Document cut off at the edge of the scan: reposition and rescan"});
  if (std::abs(m.skew_deg) > t.max_skew_deg)
    out.push_back({"skew_too_large", fmt("Tài liệu bị nghiêng quá nhiều (%.1f°): hãy đặt thẳng và quét lại", m.skew_deg),
                   fmt("Document skewed too much (%.1f°): straighten it and rescan", m.skew_deg)});
  if (m.card && m.glare_share > t.glare_min_share)
    out.push_back({"glare", "Thẻ bị lóa sáng: hãy nghiêng thẻ hoặc quét lại", "Glare on the card: tilt it or rescan"});
  return out;
}

}  // namespace sohoa::capture

#include "capture/quality.hpp"

#include "capture/components.hpp"
#include "capture/reduce.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <opencv2/core/hal/intrin.hpp>
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

// The inner 90%: a document's own border and the bed beyond it say nothing about the print.
cv::Mat inner(const cv::Mat& m) { return m(cv::Rect(m.cols / 20, m.rows / 20, m.cols * 9 / 10, m.rows * 9 / 10)); }

std::string fmt(const char* f, double v) {
  char buf[200];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

QualityMeasures measure_quality(const cv::Mat& colour, const cv::Mat& clean, double dpi) {
  QualityMeasures m;
  m.dpi = dpi;
  // measured at 150 dpi or a little more: enough for every measure here, and cheap
  const int factor = reduction_factor(dpi, 150);
  cv::Mat grey = reduce(colour, factor), ocr = reduce(clean, factor);
  if (grey.channels() == 3) cv::cvtColor(grey, grey, cv::COLOR_BGR2GRAY);
  const cv::Mat g = inner(grey), c = inner(ocr);
  m.paper = percentile(g, 0.9);
  m.ink = percentile(g, 0.005);
  m.ink_share = static_cast<double>(cv::countNonZero(c < 128)) / static_cast<double>(c.total());
  // sharpness: at 150 dpi a crisp ink edge rises over about one pixel
  // Sobel in 16 bits is exact for 8-bit pixels (within ±1020) and cheaper than in floats (a page's
  // measures 15 → 13 ms); the magnitude, in floats 8 pixels at a time, is cv::magnitude's value
  cv::Mat gx, gy;
  cv::Sobel(g, gx, CV_16S, 1, 0);
  cv::Sobel(g, gy, CV_16S, 0, 1);
  // the 99.8th percentile of the gradient, from a histogram of 4-level bins
  std::vector<int> hist(1024, 0), bins(static_cast<std::size_t>(g.cols));
  const auto bin = [](const cv::v_int32x4& dx, const cv::v_int32x4& dy) {
    return cv::v_trunc(cv::v_min(cv::v_setall_f32(1023.0f), cv::v_sqrt(cv::v_cvt_f32(dx * dx + dy * dy)) / cv::v_setall_f32(4.0f)));
  };
  for (int y = 0; y < g.rows; ++y) {
    const short* px = gx.ptr<short>(y);
    const short* py = gy.ptr<short>(y);
    int x = 0;
    for (; x + 8 <= g.cols; x += 8) {
      cv::v_int32x4 dx0, dx1, dy0, dy1;
      cv::v_expand(cv::v_load(px + x), dx0, dx1);
      cv::v_expand(cv::v_load(py + x), dy0, dy1);
      cv::v_store(&bins[static_cast<std::size_t>(x)], bin(dx0, dy0));
      cv::v_store(&bins[static_cast<std::size_t>(x) + 4], bin(dx1, dy1));
    }
    for (; x < g.cols; ++x)
      bins[static_cast<std::size_t>(x)] = static_cast<int>(std::min(1023.0f, std::sqrt(static_cast<float>(px[x] * px[x] + py[x] * py[x])) / 4));
    for (const int b : bins) ++hist[static_cast<std::size_t>(b)];
  }
  double seen = 0, steep = 0;
  const double target = 0.998 * static_cast<double>(g.total());
  for (std::size_t i = 0; i < hist.size(); ++i)
    if ((seen += hist[i]) >= target) {
      steep = static_cast<double>(i) * 4;
      break;
    }
  const double contrast = std::max(20.0, m.paper - m.ink);
  m.sharpness = std::min(1.0, steep / (4.0 * contrast));  // Sobel of a one-pixel step = 4 × its height
  // glare: the laminate's reflection washes the print out: letters that elsewhere are near black
  // come out mid-grey. Share of letters whose darkest pixel is no darker than mid-grey.
  if (colour.cols > colour.rows) {
    // at full resolution: a card's 5-point print is too fine for 150 dpi
    cv::Mat full;
    if (colour.channels() == 3) cv::cvtColor(colour, full, cv::COLOR_BGR2GRAY);
    else full = colour;
    const cv::Mat fg = inner(full);
    cv::Mat letters;
    const std::vector<Component> parts = find_components(fg < m.paper - 50, letters);
    std::vector<unsigned char> darkest(parts.size(), 255);
    for (int y = 0; y < fg.rows; ++y) {
      const auto* p = fg.ptr<unsigned char>(y);
      const int* l = letters.ptr<int>(y);
      for (int x = 0; x < fg.cols; ++x)
        if (l[x] > 0) darkest[static_cast<std::size_t>(l[x])] = std::min(darkest[static_cast<std::size_t>(l[x])], p[x]);
    }
    int counted = 0, faded = 0;
    for (std::size_t i = 1; i < parts.size(); ++i) {
      const int h = parts[i].height();
      if (parts[i].area < 12 || h < dpi / 40 || h > fg.rows / 8) continue;  // letters of body text
      ++counted;
      faded += darkest[i] > m.ink + 0.5 * (m.paper - m.ink);
    }
    m.glare_share = counted ? static_cast<double>(faded) / counted : 0;
  }
  return m;
}

std::vector<QualityFinding> judge_quality(const QualityMeasures& m, const QualityThresholds& t) {
  std::vector<QualityFinding> out;
  if (m.ink_share < t.blank_ink_max) {
    out.push_back({"blank", "Trang trắng: không thấy nội dung", "Blank page: nothing printed was found"});
    return out;
  }
  if (m.dpi < t.min_dpi * (m.dpi_estimated ? 0.9 : 1.0))
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

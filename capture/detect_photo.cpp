// Documents on a table, photographed with a phone: a wooden table is coloured and grained, so the
// scanner-bed model of detect.cpp takes all of it for a document. Here the table's brightness is
// read along the border and carried across the photo, and the documents are what is much brighter
// than the table there: brightness ratios hold under the shadow of the phone and the hand.
#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "capture/detect_parts.hpp"

namespace sohoa::capture {
namespace {

constexpr int kBand = 4;  // border band (reduced pixels) that shows the table

cv::Mat grey_float(const cv::Mat& image) {
  cv::Mat grey = image, out;
  if (image.channels() != 1) cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
  grey.convertTo(out, CV_32F);
  return out;
}

float median(std::vector<float> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// The border band's mean across its depth, along each side: top and bottom from left to right,
// left and right from top to bottom.
std::array<std::vector<float>, 4> band_profiles(const cv::Mat& values) {
  cv::Mat top, bottom, left, right;
  cv::reduce(values.rowRange(0, kBand), top, 0, cv::REDUCE_AVG);
  cv::reduce(values.rowRange(values.rows - kBand, values.rows), bottom, 0, cv::REDUCE_AVG);
  cv::reduce(values.colRange(0, kBand), left, 1, cv::REDUCE_AVG);
  cv::reduce(values.colRange(values.cols - kBand, values.cols), right, 1, cv::REDUCE_AVG);
  auto as_vector = [](const cv::Mat& m) { return std::vector<float>(m.begin<float>(), m.end<float>()); };
  return {as_vector(top), as_vector(bottom), as_vector(left), as_vector(right)};
}

// How much a profile wanders around its running mean over 15 pixels (robust standard deviation):
// a side running across wood grain shows the streaks, a scanner bed only its averaged-out noise.
float grain_of(const std::vector<float>& profile) {
  constexpr int r = 7;
  std::vector<float> off;
  for (std::size_t i = r; i + r < profile.size(); ++i) {
    float sum = 0;
    for (std::size_t k = i - r; k <= i + r; ++k) sum += profile[k];
    off.push_back(std::abs(profile[i] - sum / (2 * r + 1)));
  }
  return 1.48f * median(off);
}

std::vector<float> running_median(const std::vector<float>& p, int r) {
  std::vector<float> out(p.size());
  const int n = static_cast<int>(p.size());
  for (int i = 0; i < n; ++i)
    out[static_cast<std::size_t>(i)] = median(std::vector<float>(p.begin() + std::max(0, i - r), p.begin() + std::min(n, i + r + 1)));
  return out;
}

// The table's log brightness everywhere, carried in from the border band by Coons' patch (each
// side's profile blended linearly towards the opposite side): a shadow or light falling off
// across the photo is followed, grain and a document touching the border are medianed away.
cv::Mat surface_level(const cv::Mat& level) {
  auto sides = band_profiles(level);
  for (auto& s : sides) s = running_median(s, 15);
  const auto &top = sides[0], &bottom = sides[1], &left = sides[2], &right = sides[3];
  const int w = level.cols, h = level.rows;
  const auto last_x = static_cast<std::size_t>(w - 1), last_y = static_cast<std::size_t>(h - 1);
  const float c00 = (top[0] + left[0]) / 2, c10 = (top[last_x] + right[0]) / 2;
  const float c01 = (bottom[0] + left[last_y]) / 2, c11 = (bottom[last_x] + right[last_y]) / 2;
  cv::Mat out(level.size(), CV_32F);
  for (int y = 0; y < h; ++y) {
    const float v = static_cast<float>(y) / static_cast<float>(h - 1);
    float* row = out.ptr<float>(y);
    const auto yi = static_cast<std::size_t>(y);
    for (int x = 0; x < w; ++x) {
      const float u = static_cast<float>(x) / static_cast<float>(w - 1);
      const auto xi = static_cast<std::size_t>(x);
      row[x] = (1 - v) * top[xi] + v * bottom[xi] + (1 - u) * left[yi] + u * right[yi] -
               ((1 - u) * (1 - v) * c00 + u * (1 - v) * c10 + (1 - u) * v * c01 + u * v * c11);
    }
  }
  return out;
}

// The four corners of a blob's hull: the coarsest polygon approximation with four vertices, or
// the hull's rotated rectangle when none has four.
std::vector<cv::Point2d> quad_of(const std::vector<cv::Point>& hull) {
  const double perimeter = cv::arcLength(hull, true);
  std::vector<cv::Point> approx;
  for (double tolerance : {0.01, 0.02, 0.03, 0.05, 0.08}) {
    cv::approxPolyDP(hull, approx, tolerance * perimeter, true);
    if (approx.size() <= 4) break;
  }
  std::vector<cv::Point2d> pts;
  if (approx.size() == 4) {
    for (auto p : approx) pts.emplace_back(p.x, p.y);
  } else {
    cv::Point2f r[4];
    cv::minAreaRect(hull).points(r);
    for (auto p : r) pts.emplace_back(p.x, p.y);
  }
  return pts;
}

}  // namespace

bool on_textured_surface(const cv::Mat& small) {
  if (small.rows < 8 * kBand || small.cols < 8 * kBand) return false;
  float grain = 0;
  for (const auto& side : band_profiles(grey_float(small))) grain = std::max(grain, grain_of(side));
  if (grain > 2.8f) return true;
  if (small.channels() != 3) return false;
  // a scanner bed is grey: its colour spread is noise, a few levels; wood's is tens
  std::vector<float> chroma;
  for (int y = 0; y < small.rows; ++y) {
    const bool band = y < kBand || y >= small.rows - kBand;
    for (int x = 0; x < small.cols; x = band || x + 1 < kBand || x + 1 >= small.cols - kBand ? x + 1 : small.cols - kBand) {
      const cv::Vec3b p = small.at<cv::Vec3b>(y, x);
      chroma.push_back(static_cast<float>(std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]})));
    }
  }
  return median(chroma) > 25;
}

std::vector<FoundDocument> find_documents_on_surface(const cv::Mat& scan, const cv::Mat& small) {
  const double scale = static_cast<double>(small.cols) / scan.cols;
  cv::Mat level;
  cv::blur(grey_float(small), level, cv::Size(3, 3));
  cv::log(level + 8, level);
  // paper and cards are at least 1.4 times as bright as the table under the same light
  cv::Mat mask = level - surface_level(level) > std::log(1.4);
  cv::morphologyEx(mask, mask, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(3, 3)));
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  const double image_area = static_cast<double>(small.cols) * small.rows;
  std::vector<FoundDocument> found;
  for (const auto& contour : contours) {
    if (cv::contourArea(contour) < 0.02 * image_area) continue;
    std::vector<cv::Point> hull;
    cv::convexHull(contour, hull);
    std::vector<cv::Point2d> pts = quad_of(hull);
    for (auto& p : pts) p = (p + cv::Point2d(0.5, 0.5)) / scale - cv::Point2d(0.5, 0.5);
    FoundDocument doc;
    doc.edge_rms.fill(1e9);
    doc.corners = refine(scan, order_corners(pts), std::max(5.0 / scale, 12.0), doc.edge_support, doc.edge_rms);
    for (const auto& c : doc.corners) doc.touches_edge = doc.touches_edge || c.x < 2 || c.y < 2 || c.x > scan.cols - 3 || c.y > scan.rows - 3;
    found.push_back(doc);
  }
  // reading order: top to bottom, then left to right
  std::sort(found.begin(), found.end(), [](const FoundDocument& a, const FoundDocument& b) {
    const auto ca = (a.corners[0] + a.corners[2]) * 0.5, cb = (b.corners[0] + b.corners[2]) * 0.5;
    return std::abs(ca.y - cb.y) > 50 ? ca.y < cb.y : ca.x < cb.x;
  });
  return found;
}

}  // namespace sohoa::capture

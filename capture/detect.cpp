#include "capture/detect.hpp"

#include "capture/detect_parts.hpp"
#include "capture/reduce.hpp"
#include "core/document_sizes.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <opencv2/imgproc.hpp>

namespace sohoa::capture {
namespace {

constexpr int kBand = 4;  // border band (reduced pixels) that shows the scanner bed

cv::Mat grey_of(const cv::Mat& image) {
  if (image.channels() == 1) return image;
  cv::Mat grey;
  cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
  return grey;
}

// Local standard deviation over a k × k window: print and background patterns have it, a bed,
// a plain shadow or a gap between cards does not.
cv::Mat local_deviation(const cv::Mat& grey, int k) {
  cv::Mat g, mean, deviation;
  grey.convertTo(g, CV_32F);
  cv::boxFilter(g, mean, CV_32F, cv::Size(k, k));
  cv::sqrBoxFilter(g, deviation, CV_32F, cv::Size(k, k));
  for (int y = 0; y < deviation.rows; ++y) {  // in place: each full-size temporary costs time
    const float* m = mean.ptr<float>(y);
    float* d = deviation.ptr<float>(y);
    for (int x = 0; x < deviation.cols; ++x) d[x] = std::sqrt(std::max(d[x] - m[x] * m[x], 0.0f));
  }
  return deviation;
}

// Fills every blob of a mask, then drops specks smaller than the opening.
void fill_blobs(cv::Mat& mask, int opening) {
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  mask.setTo(0);
  cv::drawContours(mask, contours, -1, cv::Scalar(255), cv::FILLED);
  cv::morphologyEx(mask, mask, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(opening, opening)));
}

// A smooth model of the bed: per channel, a plane a + b·x + c·y fitted to the border band, so
// uneven lamp light and phone shadows are not taken for documents. Border pixels far from the
// band's typical brightness (a document touching the edge) are left out of the fit. Returns, per
// pixel, the largest channel difference from the model (the pixels are blurred first).
cv::Mat bed_difference(const cv::Mat& small) {
  const cv::Mat grey = grey_of(small);
  std::vector<cv::Point> border;
  std::vector<int> values;
  auto take = [&](int x, int y) { border.push_back({x, y}), values.push_back(grey.at<unsigned char>(y, x)); };
  for (int y = 0; y < small.rows; ++y) {
    const bool band = y < kBand || y >= small.rows - kBand;
    for (int x = 0; x < small.cols; x = band || x + 1 < kBand || x + 1 >= small.cols - kBand ? x + 1 : small.cols - kBand) take(x, y);
  }
  std::vector<int> sorted = values;
  std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2), sorted.end());
  const int typical = sorted[sorted.size() / 2];
  std::vector<cv::Point> bed;
  for (std::size_t i = 0; i < border.size(); ++i)
    if (std::abs(values[i] - typical) <= 20) bed.push_back(border[i]);
  if (bed.size() < 16) bed = border;
  cv::Mat a(static_cast<int>(bed.size()), 3, CV_64F);
  for (int i = 0; i < a.rows; ++i) {
    a.at<double>(i, 0) = 1;
    a.at<double>(i, 1) = bed[static_cast<std::size_t>(i)].x;
    a.at<double>(i, 2) = bed[static_cast<std::size_t>(i)].y;
  }
  const int channels = small.channels();
  std::vector<cv::Vec3d> coef(static_cast<std::size_t>(channels));
  for (int ch = 0; ch < channels; ++ch) {
    cv::Mat b(a.rows, 1, CV_64F), c;
    for (int i = 0; i < a.rows; ++i) {
      const cv::Point p = bed[static_cast<std::size_t>(i)];
      b.at<double>(i) = channels == 1 ? small.at<unsigned char>(p) : small.at<cv::Vec3b>(p)[ch];
    }
    cv::solve(a, b, c, cv::DECOMP_LU | cv::DECOMP_NORMAL);  // the 3×3 normal equations
    coef[static_cast<std::size_t>(ch)] = {c.at<double>(0), c.at<double>(1), c.at<double>(2)};
  }
  cv::Mat blurred;
  cv::blur(small, blurred, cv::Size(3, 3));
  cv::Mat diff(small.size(), CV_32F, cv::Scalar(0));
  std::vector<double> across(static_cast<std::size_t>(small.cols));  // the model's part that varies along a row
  for (int ch = 0; ch < channels; ++ch) {
    const cv::Vec3d& k = coef[static_cast<std::size_t>(ch)];
    for (int x = 0; x < small.cols; ++x) across[static_cast<std::size_t>(x)] = k[0] + k[1] * x;
    for (int y = 0; y < small.rows; ++y) {
      const unsigned char* p = blurred.ptr<unsigned char>(y) + ch;
      float* d = diff.ptr<float>(y);
      const double down = k[2] * y;
      for (int x = 0; x < small.cols; ++x)
        d[x] = std::max(d[x], static_cast<float>(std::abs(p[x * channels] - (across[static_cast<std::size_t>(x)] + down))));
    }
  }
  return diff;
}

float percentile(std::vector<float> v, double q) {
  if (v.empty()) return 0;
  auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

std::vector<float> border_values(const cv::Mat& m) {
  std::vector<float> out;
  for (int y = 0; y < m.rows; ++y) {
    const bool band = y < kBand || y >= m.rows - kBand;
    for (int x = 0; x < m.cols; x = band || x + 1 < kBand || x + 1 >= m.cols - kBand ? x + 1 : m.cols - kBand) out.push_back(m.at<float>(y, x));
  }
  return out;
}

// Thresholds sit above what the bed shows: the lower half of the border band is bed even where a
// document runs over the edge.
float texture_threshold(const cv::Mat& texture) { return std::max(2.5f, 3 * percentile(border_values(texture), 0.5) + 1.0f); }

// Colour distance of every pixel from the bed model, and local texture (standard deviation).
cv::Mat foreground_mask(const cv::Mat& small) {
  const cv::Mat diff = bed_difference(small);
  const cv::Mat texture = local_deviation(grey_of(small), 5);
  const float t_diff = std::max(6.0f, 3 * percentile(border_values(diff), 0.5) + 4.0f);
  cv::Mat mask = (diff > t_diff) | (texture > texture_threshold(texture));
  cv::morphologyEx(mask, mask, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(5, 5)));
  fill_blobs(mask, 5);
  return mask;
}

// Cards laid edge to edge make one blob. Where a blob does not fill its rectangle, its distance
// transform has one peak per card, and the peaks give each card back.
std::vector<std::vector<cv::Point>> split_touching(const std::vector<cv::Point>& contour, cv::Size size) {
  // a blob that fills its bounding rectangle is one document
  if (cv::contourArea(contour) > 0.85 * cv::minAreaRect(contour).size.area()) return {contour};
  cv::Mat blob = cv::Mat::zeros(size, CV_8UC1);
  cv::drawContours(blob, std::vector<std::vector<cv::Point>>{contour}, -1, cv::Scalar(255), cv::FILLED);
  cv::Mat dist;
  cv::distanceTransform(blob, dist, cv::DIST_L2, 5);
  double peak = 0;
  cv::minMaxLoc(dist, nullptr, &peak);
  const double blob_area = cv::contourArea(contour);
  for (double frac : {0.5, 0.6, 0.7, 0.8}) {
    cv::Mat seeds = dist > frac * peak;
    std::vector<std::vector<cv::Point>> parts;
    cv::findContours(seeds, parts, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
    std::vector<std::vector<cv::Point>> big;
    for (auto& p : parts)
      if (cv::contourArea(p) > 0.01 * blob_area) big.push_back(p);
    if (big.size() < 2) continue;
    // Each seed is its document shrunk by the threshold distance on every side (that is what a
    // distance threshold does to a rectangle), so the seed's rectangle, grown back, is the document.
    const double grow = 2 * frac * peak;
    std::vector<std::vector<cv::Point>> out;
    bool plausible = true;
    for (const auto& seed : big) {
      cv::RotatedRect r = cv::minAreaRect(seed);
      r.size.width += static_cast<float>(grow);
      r.size.height += static_cast<float>(grow);
      cv::Point2f p[4];
      r.points(p);
      std::vector<cv::Point> box;
      for (const auto& q : p) box.emplace_back(cvRound(q.x), cvRound(q.y));
      plausible = plausible && r.size.area() > 0.15 * blob_area;
      out.push_back(box);
    }
    return plausible ? out : std::vector<std::vector<cv::Point>>{contour};
  }
  return {contour};
}

// Specks near a card on a photocopy close onto its blob as bumps, and one bump pulls a corner of
// the first guess far off. The blob's rectangle is taken again, at the angle its bulk lies at (an
// opening takes the smaller bumps off), from the median of its extents along and across that
// angle: a bump holds only a few of the rows or columns and moves no median.
std::vector<cv::Point> shed_specks(const std::vector<cv::Point>& contour, cv::Size size) {
  const cv::RotatedRect extent = cv::minAreaRect(contour);
  const double area = cv::contourArea(contour);
  const int k = 2 * static_cast<int>(std::min(extent.size.width, extent.size.height) / 20) + 1;
  if (area > 0.95 * extent.size.area() || k < 7) return contour;
  cv::Mat blob = cv::Mat::zeros(size, CV_8UC1);
  cv::drawContours(blob, std::vector<std::vector<cv::Point>>{contour}, -1, cv::Scalar(255), cv::FILLED);
  cv::Mat opened;
  cv::morphologyEx(blob, opened, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(k, k)));
  std::vector<std::vector<cv::Point>> parts;
  cv::findContours(opened, parts, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  const auto bulk = std::find_if(parts.begin(), parts.end(), [&](const auto& p) { return cv::contourArea(p) > 0.9 * area; });
  if (bulk == parts.end()) return contour;  // not one blob underneath: cards touching, left to split_touching
  const cv::RotatedRect r = cv::minAreaRect(*bulk);
  // the blob turned upright about the rectangle's centre, in a canvas that holds it whatever the angle
  const int side = static_cast<int>(std::ceil(std::hypot(r.size.width, r.size.height))) + 2 * k;
  cv::Mat turn = cv::getRotationMatrix2D(r.center, r.angle, 1.0);
  turn.at<double>(0, 2) += side / 2.0 - r.center.x;
  turn.at<double>(1, 2) += side / 2.0 - r.center.y;
  cv::Mat upright;
  cv::warpAffine(blob, upright, turn, cv::Size(side, side), cv::INTER_NEAREST);
  // the first and last set pixel of each row of m that has one
  auto extents = [](const cv::Mat& m, std::vector<int>& first, std::vector<int>& last) {
    for (int y = 0; y < m.rows; ++y) {
      const auto* row = m.ptr<unsigned char>(y);
      int a = -1, b = -1;
      for (int x = 0; x < m.cols; ++x)
        if (row[x]) b = x, a = a < 0 ? x : a;
      if (a >= 0) first.push_back(a), last.push_back(b);
    }
  };
  std::vector<int> left, right, top, bottom;
  extents(upright, left, right);
  cv::Mat columns;
  cv::transpose(upright, columns);
  extents(columns, top, bottom);
  auto median = [](std::vector<int> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return static_cast<double>(v[v.size() / 2]);
  };
  const double x0 = median(left), x1 = median(right) + 1, y0 = median(top), y1 = median(bottom) + 1;
  // a card's shape, filled by the blob's bulk: else two cards touching (left to split_touching) or
  // a page that the mask holds only in part
  const double aspect = std::max(x1 - x0, y1 - y0) / std::min(x1 - x0, y1 - y0);
  if (std::abs(aspect - kCardSize.aspect()) > 0.06 * kCardSize.aspect() || std::abs((x1 - x0) * (y1 - y0) - cv::contourArea(*bulk)) > 0.05 * (x1 - x0) * (y1 - y0))
    return contour;
  cv::Mat back;
  cv::invertAffineTransform(turn, back);
  std::vector<cv::Point> quad;
  for (const cv::Point2d p : {cv::Point2d(x0, y0), cv::Point2d(x1, y0), cv::Point2d(x1, y1), cv::Point2d(x0, y1)})
    quad.emplace_back(cvRound(back.at<double>(0, 0) * p.x + back.at<double>(0, 1) * p.y + back.at<double>(0, 2)),
                      cvRound(back.at<double>(1, 0) * p.x + back.at<double>(1, 1) * p.y + back.at<double>(1, 2)));
  return quad;
}

bool document_shaped(const cv::RotatedRect& r, double tolerance) {
  const double lo = std::min(r.size.width, r.size.height), hi = std::max(r.size.width, r.size.height);
  if (lo <= 0) return false;
  for (const auto& size : kDocumentSizes) {
    const double a = std::max(size.width_mm, size.height_mm) / std::min(size.width_mm, size.height_mm);
    if (std::abs(hi / lo - a) < tolerance * a) return true;
  }
  return false;
}

// Cards laid side by side with a thin gap close into one blob of no document's shape; their
// shadows fill the gap, so colour cannot part them. Texture can: looked at again at twice the
// resolution, without closing, print and pattern stop where each card's paper stops.
std::vector<std::vector<cv::Point>> resegment(const std::vector<cv::Point>& blob, const cv::Mat& scan, int factor) {
  if (document_shaped(cv::minAreaRect(blob), 0.06)) return {blob};
  cv::Rect box = cv::boundingRect(blob);
  // a blob running into the scan's border is a document cut off there, not two of them
  if (box.x <= 1 || box.y <= 1 || (box.x + box.width + 1) * factor >= scan.cols || (box.y + box.height + 1) * factor >= scan.rows) return {blob};
  const int fine = std::max(1, factor / 2);
  box = cv::Rect(box.x * factor, box.y * factor, box.width * factor, box.height * factor);
  box = cv::Rect(box.x - box.width / 20, box.y - box.height / 20, box.width * 11 / 10, box.height * 11 / 10) &
        cv::Rect(0, 0, scan.cols, scan.rows);
  const cv::Mat texture = local_deviation(grey_of(reduce(scan(box), fine)), 3);
  cv::Mat mask = texture > texture_threshold(texture);
  fill_blobs(mask, 3);
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  const double blob_area = cv::contourArea(blob) * factor * factor / (fine * fine);
  std::vector<std::vector<cv::Point>> parts;
  double covered = 0;
  for (const auto& c : contours) {
    if (cv::contourArea(c) < 0.2 * blob_area) continue;
    covered += cv::contourArea(c);
    const cv::RotatedRect r = cv::minAreaRect(c);
    if (!document_shaped(r, 0.08)) return {blob};
    cv::Point2f p[4];
    r.points(p);
    std::vector<cv::Point> quad;  // back to the reduced image of the caller
    for (const auto& q : p)
      quad.emplace_back(cvRound((q.x * static_cast<float>(fine) + static_cast<float>(box.x)) / static_cast<float>(factor)),
                        cvRound((q.y * static_cast<float>(fine) + static_cast<float>(box.y)) / static_cast<float>(factor)));
    parts.push_back(quad);
  }
  return parts.size() >= 2 && covered > 0.7 * blob_area ? parts : std::vector<std::vector<cv::Point>>{blob};
}

}  // namespace

Corners order_corners(std::vector<cv::Point2d> pts) {
  cv::Point2d c(0, 0);
  for (auto p : pts) c += p * 0.25;
  std::sort(pts.begin(), pts.end(), [&](cv::Point2d a, cv::Point2d b) {
    return std::atan2(a.y - c.y, a.x - c.x) < std::atan2(b.y - c.y, b.x - c.x);
  });
  // angles run from -pi (left) clockwise on screen: top-left comes first among the upper two
  std::size_t start = 0;
  double best = 1e18;
  for (std::size_t i = 0; i < 4; ++i)
    if (pts[i].x + pts[i].y < best) best = pts[i].x + pts[i].y, start = i;
  Corners out;
  for (std::size_t i = 0; i < 4; ++i) out[i] = pts[(start + i) % 4];
  return out;
}

namespace {

// The colour at a sub-pixel position, sampled bilinearly.
struct Sampler {
  const cv::Mat& img;
  cv::Vec3d at(cv::Point2d p) const {
    const int x = std::clamp(static_cast<int>(std::floor(p.x)), 0, img.cols - 2);
    const int y = std::clamp(static_cast<int>(std::floor(p.y)), 0, img.rows - 2);
    const double fx = std::clamp(p.x - x, 0.0, 1.0), fy = std::clamp(p.y - y, 0.0, 1.0);
    auto px = [&](int xx, int yy) {
      if (img.channels() == 1) return cv::Vec3d::all(img.at<unsigned char>(yy, xx));
      const cv::Vec3b v = img.at<cv::Vec3b>(yy, xx);
      return cv::Vec3d(v[0], v[1], v[2]);
    };
    return px(x, y) * (1 - fx) * (1 - fy) + px(x + 1, y) * fx * (1 - fy) + px(x, y + 1) * (1 - fx) * fy + px(x + 1, y + 1) * fx * fy;
  }
};

// A line through points, fitted twice: the second time without the points that strayed more
// than 1.5 pixels from the first (text or a shadow touching the edge).
cv::Vec4f robust_line(std::vector<cv::Point2f> points, int* inliers, double* rms) {
  cv::Vec4f l;
  cv::fitLine(points, l, cv::DIST_HUBER, 0, 0.01, 0.01);
  std::vector<cv::Point2f> kept;
  for (const auto& p : points)
    if (std::abs((p.x - l[2]) * l[1] - (p.y - l[3]) * l[0]) <= 1.5) kept.push_back(p);
  *inliers = static_cast<int>(kept.size());
  if (kept.size() >= points.size() / 2 && kept.size() >= 6) cv::fitLine(kept, l, cv::DIST_L2, 0, 0.01, 0.01);
  double sum = 0;
  for (const auto& p : kept) sum += std::pow((p.x - l[2]) * l[1] - (p.y - l[3]) * l[0], 2);
  *rms = kept.empty() ? 1e9 : std::sqrt(sum / static_cast<double>(kept.size()));
  return l;
}

}  // namespace

// Moves each edge of the coarse quad onto the strongest step along its normal, fits a line to
// those points and intersects neighbouring lines. An edge without a clear step keeps its coarse line.
Corners refine(const cv::Mat& scan, const Corners& coarse, double reach, std::array<double, 4>& support, std::array<double, 4>& rms,
               double faint_edge) {
  const Sampler s{scan};
  std::array<cv::Vec4f, 4> lines;
  const cv::Point2d centre = (coarse[0] + coarse[1] + coarse[2] + coarse[3]) * 0.25;
  for (int e = 0; e < 4; ++e) {
    const cv::Point2d a = coarse[static_cast<std::size_t>(e)], b = coarse[static_cast<std::size_t>((e + 1) % 4)];
    const cv::Point2d dir = (b - a) / cv::norm(b - a);
    cv::Point2d normal(-dir.y, dir.x);
    if ((centre - a).dot(normal) < 0) normal = -normal;  // pointing into the document
    // Two readings of the edge: the outermost strong step, and the same past a shadow. A shadow
    // cast beside the paper darkens going in and the paper's edge brightens right after it, so
    // where a step that darkens inward is followed within a shadow's width by one that brightens
    // (by at least half as much), the second reading takes that one. Of two lines, the one more
    // samples fit is kept (a shadow gives a line as straight as the paper's only where it is
    // even), provided the first is an edge at all.
    std::vector<cv::Point2f> points, past_shadow;
    constexpr int kSamples = 64;
    constexpr int kShadow = 12;  // pixels: the widest shadow a scanner's lamp casts beside a card
    const int n = static_cast<int>(reach);
    const int last = 2 * n - 1;  // the last position a step can be measured at
    std::vector<cv::Vec3d> prof(static_cast<std::size_t>(2 * n + 1));
    // the colour change across two pixels: sharp at the paper's edge, gentle across a shadow
    auto step_at = [&](int t) { return cv::norm(prof[static_cast<std::size_t>(t + 1)] - prof[static_cast<std::size_t>(t - 1)]); };
    auto light = [&](int t) {
      const cv::Vec3d& v = prof[static_cast<std::size_t>(t)];
      return v[0] + v[1] + v[2];
    };
    auto peak_from = [&](int t) {  // up the step to its peak
      while (t + 1 <= last && step_at(t + 1) > step_at(t)) ++t;
      return t;
    };
    for (int i = 0; i < kSamples; ++i) {
      const cv::Point2d base = a + (b - a) * (0.08 + 0.84 * i / (kSamples - 1.0));
      for (int t = -n; t <= n; ++t) prof[static_cast<std::size_t>(t + n)] = s.at(base + normal * t);
      // the paper's edge is the outermost strong step: inside it lie print, emblems and photos
      double strongest = 0;
      for (int t = 1; t <= last; ++t) strongest = std::max(strongest, step_at(t));
      if (strongest < 6) continue;
      int best = 1;
      while (step_at(best) < (faint_edge > 0 ? faint_edge : 0.5 * strongest)) ++best;
      best = peak_from(best);
      auto at = [&](int t) {  // sub-pixel: parabola through the step strengths around t
        double off = 0;
        if (t > 1 && t + 1 <= last) {
          const double l = step_at(t - 1), c = step_at(t), r = step_at(t + 1);
          const double den = l - 2 * c + r;
          if (std::abs(den) > 1e-9) off = std::clamp(0.5 * (l - r) / den, -0.5, 0.5);
        }
        const cv::Point2d p = base + normal * (t - n + off);
        return cv::Point2f(static_cast<float>(p.x), static_cast<float>(p.y));
      };
      points.push_back(at(best));
      int inner = best;
      if (light(best + 1) < light(best - 1))
        for (int t = best + 1; t <= std::min(best + kShadow, last); ++t)
          if (light(t + 1) > light(t - 1) && step_at(t) >= 0.5 * step_at(best)) {
            inner = peak_from(t);
            break;
          }
      past_shadow.push_back(at(inner));
    }
    int inliers = 0;
    if (points.size() >= 12) {
      lines[static_cast<std::size_t>(e)] = robust_line(points, &inliers, &rms[static_cast<std::size_t>(e)]);
      if (past_shadow != points && inliers >= kSamples / 3) {  // (no edge at all, as where a page runs off the scan: kept so)
        int inliers2 = 0;
        double rms2 = 0;
        const cv::Vec4f line2 = robust_line(past_shadow, &inliers2, &rms2);
        if (inliers2 > inliers || (inliers2 == inliers && rms2 < rms[static_cast<std::size_t>(e)]))
          lines[static_cast<std::size_t>(e)] = line2, inliers = inliers2, rms[static_cast<std::size_t>(e)] = rms2;
      }
    } else {
      lines[static_cast<std::size_t>(e)] = cv::Vec4f(static_cast<float>(dir.x), static_cast<float>(dir.y), static_cast<float>(a.x), static_cast<float>(a.y));
    }
    support[static_cast<std::size_t>(e)] = static_cast<double>(inliers) / kSamples;
  }
  Corners out;
  for (int i = 0; i < 4; ++i) {
    const cv::Vec4f l1 = lines[static_cast<std::size_t>((i + 3) % 4)], l2 = lines[static_cast<std::size_t>(i)];
    const cv::Point2d p1(l1[2], l1[3]), d1(l1[0], l1[1]), p2(l2[2], l2[3]), d2(l2[0], l2[1]);
    const double den = d1.x * d2.y - d1.y * d2.x;
    const auto k = static_cast<std::size_t>(i);
    out[k] = coarse[k];
    if (std::abs(den) < 1e-9) continue;
    const cv::Point2d p = p1 + d1 * (((p2.x - p1.x) * d2.y - (p2.y - p1.y) * d2.x) / den);
    if (cv::norm(p - coarse[k]) <= 4 * reach) out[k] = p;
  }
  return out;
}

namespace {

// How far a quad's long-to-short side ratio is from a card's (relative).
double card_miss(const Corners& c) {
  const double w = 0.5 * (cv::norm(c[1] - c[0]) + cv::norm(c[2] - c[3])), h = 0.5 * (cv::norm(c[3] - c[0]) + cv::norm(c[2] - c[1]));
  const double aspect = std::max(w, h) / std::max(1.0, std::min(w, h)), want = kCardSize.aspect();
  return std::abs(aspect - want) / want;
}

// Two cards laid close together close into one blob whose parts, cut apart, may each take in a
// strip of the gap: the edge facing the other card then finds no paper edge near it (the others
// do), and the card is no longer card-shaped. Such an edge, facing another document, is looked
// for further in, half a search width at a time up to a fifth of the document, and moved where a
// clear edge makes it a card.
void pull_in_weak_edge(const cv::Mat& scan, FoundDocument& doc, const std::vector<FoundDocument>& found, double reach) {
  const auto& sup = doc.edge_support;
  int weak = -1;
  for (int e = 0; e < 4; ++e)
    if (sup[static_cast<std::size_t>(e)] < 0.3) weak = weak < 0 ? e : 4;
  if (weak < 0 || weak == 4) return;
  for (int e = 0; e < 4; ++e)
    if (e != weak && sup[static_cast<std::size_t>(e)] < 0.4) return;
  const auto i = static_cast<std::size_t>(weak), j = static_cast<std::size_t>((weak + 1) % 4);
  const auto before_i = static_cast<std::size_t>((weak + 3) % 4), after_j = static_cast<std::size_t>((weak + 2) % 4);
  // the edge runs from corner i to corner j; the neighbouring edges run away from it to the others
  const cv::Point2d along_i = (doc.corners[before_i] - doc.corners[i]) / cv::norm(doc.corners[before_i] - doc.corners[i]);
  const cv::Point2d along_j = (doc.corners[after_j] - doc.corners[j]) / cv::norm(doc.corners[after_j] - doc.corners[j]);
  const double depth = 0.5 * (cv::norm(doc.corners[before_i] - doc.corners[i]) + cv::norm(doc.corners[after_j] - doc.corners[j]));
  // only an edge that faces another document found close by
  const std::vector<cv::Point2f> beyond = {doc.corners[i], doc.corners[j], doc.corners[j] - along_j * 0.2 * depth, doc.corners[i] - along_i * 0.2 * depth};
  bool facing = false;
  for (const auto& other : found) {
    if (&other == &doc) continue;
    std::vector<cv::Point2f> common;
    facing = facing || cv::intersectConvexConvex(beyond, std::vector<cv::Point2f>(other.corners.begin(), other.corners.end()), common, true) > 0;
  }
  if (!facing) return;
  for (double shift = reach / 2; shift <= 0.2 * depth; shift += reach / 2) {
    Corners moved = doc.corners;
    moved[i] += along_i * shift, moved[j] += along_j * shift;
    std::array<double, 4> support{}, rms{};
    rms.fill(1e9);
    const Corners refined = refine(scan, moved, reach, support, rms);
    // the edge found must lie wholly inside the old one (not be a neighbour's edge met across the
    // gap), the others stay, and the shape must become a card's
    const bool inside = (refined[i] - doc.corners[i]).dot(along_i) > 0 && (refined[j] - doc.corners[j]).dot(along_j) > 0;
    bool others_kept = true;
    for (std::size_t e = 0; e < 4; ++e) others_kept = others_kept && (e == i || support[e] >= 0.4);
    if (support[i] >= 0.5 && inside && others_kept && card_miss(refined) < 0.02 && card_miss(doc.corners) > 0.02) {
      doc.corners = refined, doc.edge_support = support, doc.edge_rms = rms;
      return;
    }
  }
}

// An aged certificate page on a light bed differs from it by a few grey levels: the mask holds
// only parts of its print, in pieces without paper edges. The page's own edge (a thin shadow
// line) is then the first step met coming in from the scan's border. Pieces are what every
// document found without its edges is, or what three or more are when one of them lacks its
// edges (a page's framed plan shows four clean edges of its own); the page must hold them all.
std::vector<FoundDocument> gather_fragments(const cv::Mat& scan, std::vector<FoundDocument> found) {
  auto loose = [](const FoundDocument& d) { return *std::min_element(d.edge_support.begin(), d.edge_support.end()) < 0.5; };
  const auto loose_ones = std::count_if(found.begin(), found.end(), loose);
  if (found.empty() || (loose_ones < static_cast<long>(found.size()) && (found.size() < 3 || loose_ones == 0))) return found;
  const double reach = 0.1 * std::min(scan.cols, scan.rows);
  const std::vector<cv::Point2d> inset{{reach, reach}, {scan.cols - 1 - reach, reach}, {scan.cols - 1 - reach, scan.rows - 1 - reach}, {reach, scan.rows - 1 - reach}};
  FoundDocument page;
  page.edge_rms.fill(1e9);
  page.corners = refine(scan, order_corners(inset), reach, page.edge_support, page.edge_rms, 14);
  const std::vector<cv::Point2f> quad(page.corners.begin(), page.corners.end());
  const cv::RotatedRect shape = cv::minAreaRect(quad);
  const bool page_shaped = document_shaped(shape, 0.04) && std::max(shape.size.width, shape.size.height) / std::min(shape.size.width, shape.size.height) < 1.5;
  // a flat page is a parallelogram (a page in a phone photo is not, and is not looked for here);
  // one edge may run along the scan's border and show little
  const cv::Point2d fourth = page.corners[1] + page.corners[3] - page.corners[0];
  const bool flat = cv::norm(fourth - page.corners[2]) < 0.01 * cv::norm(page.corners[2] - page.corners[0]);
  if (!page_shaped || !flat || std::count_if(page.edge_support.begin(), page.edge_support.end(), [](double s) { return s >= 0.5; }) < 3)
    return found;
  // (a piece's own edges may reach a little beyond the page; a card alone on a flatbed, one of its
  // edges faint, is not a piece of the page such a search finds around it)
  for (const auto& d : found) {
    const std::vector<cv::Point2f> piece(d.corners.begin(), d.corners.end());
    std::vector<cv::Point2f> common;
    if (cv::intersectConvexConvex(piece, quad, common, true) < 0.75 * cv::contourArea(piece)) return found;
  }
  return {page};
}

}  // namespace

std::vector<FoundDocument> find_documents(const cv::Mat& scan) {
  const int factor = reduction_factor(std::max(scan.cols, scan.rows), 550);
  const cv::Mat small = reduce(scan, factor);
  if (on_textured_surface(small))
    if (auto on_table = find_documents_on_surface(scan, small); !on_table.empty()) return on_table;
  const double scale = static_cast<double>(small.cols) / scan.cols;
  const cv::Mat mask = foreground_mask(small);

  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(mask, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  const double image_area = static_cast<double>(small.cols) * small.rows;
  std::vector<std::vector<cv::Point>> blobs;
  for (const auto& c : contours)
    if (cv::contourArea(c) >= 0.015 * image_area)
      for (auto& part : split_touching(shed_specks(c, small.size()), small.size()))
        for (auto& piece : resegment(part, scan, factor)) blobs.push_back(piece);
  std::vector<FoundDocument> found;
  const double edge_reach = std::max(5.0 / scale, 12.0);  // 5 reduced pixels, never less than 12 full ones
  for (const auto& contour : blobs) {
    const double area = cv::contourArea(contour);
    if (area < 0.015 * image_area) continue;
    // a strip five times longer than wide is a line of print on a plain band of some document
    // (an MRZ zone), never a document of its own
    const cv::RotatedRect extent = cv::minAreaRect(contour);
    if (std::max(extent.size.width, extent.size.height) > 5 * std::min(extent.size.width, extent.size.height)) continue;
    std::vector<cv::Point> hull;
    cv::convexHull(contour, hull);
    std::vector<cv::Point> approx;
    cv::approxPolyDP(hull, approx, 0.02 * cv::arcLength(hull, true), true);
    std::vector<cv::Point2d> pts;
    // A blob that fills its bounding rectangle is a flat document (sheet feeder, flatbed): the
    // rectangle is the better first guess. Otherwise (a phone photo) the four-sided polygon is.
    const bool rectangular = area > 0.95 * cv::minAreaRect(hull).size.area();
    const bool quad_fits = approx.size() == 4 && cv::isContourConvex(approx) && std::abs(cv::contourArea(approx) - area) < 0.03 * area;
    if (!rectangular && quad_fits) {
      for (auto p : approx) pts.emplace_back(p.x, p.y);
    } else {
      cv::Point2f r[4];
      cv::minAreaRect(hull).points(r);
      for (auto p : r) pts.emplace_back(p.x, p.y);
    }
    for (auto& p : pts) p = (p + cv::Point2d(0.5, 0.5)) / scale - cv::Point2d(0.5, 0.5);
    FoundDocument doc;
    doc.edge_rms.fill(1e9);
    doc.corners = refine(scan, order_corners(pts), edge_reach, doc.edge_support, doc.edge_rms);
    // Cut off: a corner lies beyond the scan, or an edge runs along the scan's border without a
    // paper edge to be seen there. A document merely touching the border shows its edge.
    auto on_border = [&](cv::Point2d p, int side) {
      return side == 0 ? p.x < 3 : side == 1 ? p.y < 3 : side == 2 ? p.x > scan.cols - 4 : p.y > scan.rows - 4;
    };
    for (std::size_t e = 0; e < 4; ++e) {
      const auto a = doc.corners[e], b = doc.corners[(e + 1) % 4];
      doc.touches_edge = doc.touches_edge || a.x < -2 || a.y < -2 || a.x > scan.cols + 1 || a.y > scan.rows + 1;
      for (int side = 0; side < 4; ++side)
        doc.touches_edge = doc.touches_edge || (doc.edge_support[e] < 0.3 && on_border(a, side) && on_border(b, side));
    }
    found.push_back(doc);
  }
  for (auto& doc : found) pull_in_weak_edge(scan, doc, found, edge_reach);
  // Documents lie side by side on a flat scan: a piece found inside another one (a card's photo
  // or a patterned panel, parted from the rest by a plain band) is part of it.
  std::vector<std::vector<cv::Point2f>> quads;
  for (const auto& d : found) quads.emplace_back(d.corners.begin(), d.corners.end());
  std::vector<FoundDocument> whole_ones;
  for (std::size_t i = 0; i < found.size(); ++i) {
    bool inside = false;
    for (std::size_t j = 0; j < found.size() && !inside; ++j) {
      std::vector<cv::Point2f> common;
      inside = j != i && cv::contourArea(quads[j]) > cv::contourArea(quads[i]) &&
               cv::intersectConvexConvex(quads[i], quads[j], common, true) > 0.8 * cv::contourArea(quads[i]);
    }
    if (!inside) whole_ones.push_back(found[i]);
  }
  found = std::move(whole_ones);
  found = gather_fragments(scan, std::move(found));
  const bool covers = found.size() == 1 && cv::contourArea(std::vector<cv::Point2f>(found[0].corners.begin(), found[0].corners.end())) >
                                                0.97 * scan.cols * scan.rows;
  if (found.empty() || covers) {
    FoundDocument whole;
    whole.corners = {cv::Point2d(0, 0), cv::Point2d(scan.cols - 1, 0), cv::Point2d(scan.cols - 1, scan.rows - 1), cv::Point2d(0, scan.rows - 1)};
    whole.whole_image = true;  // a pre-cropped image: nothing to say about its edges
    return {whole};
  }
  // reading order: top to bottom, then left to right
  std::sort(found.begin(), found.end(), [](const FoundDocument& a, const FoundDocument& b) {
    const auto ca = (a.corners[0] + a.corners[2]) * 0.5, cb = (b.corners[0] + b.corners[2]) * 0.5;
    return std::abs(ca.y - cb.y) > 50 ? ca.y < cb.y : ca.x < cb.x;
  });
  return found;
}

double quad_iou(const Corners& a, const Corners& b) {
  std::vector<cv::Point2f> pa(a.begin(), a.end()), pb(b.begin(), b.end()), inter;
  const float overlap = cv::intersectConvexConvex(pa, pb, inter, true);
  const double ua = cv::contourArea(pa), ub = cv::contourArea(pb);
  return overlap > 0 ? overlap / (ua + ub - overlap) : 0.0;
}

}  // namespace sohoa::capture

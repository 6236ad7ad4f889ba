#include "capture/patch_code.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include <opencv2/imgproc.hpp>

namespace sohoa::capture {
namespace {

struct Pattern {
  PatchType type;
  const char* name;
  int elements[7];
};
// Kodak A-61599's zone tables (edges A..G in inches from the leading edge) as element widths.
constexpr Pattern kPatterns[] = {
    {PatchType::Patch1, "1", {2, 1, 2, 1, 1, 1, 1}}, {PatchType::Patch2, "2", {2, 1, 1, 1, 1, 1, 2}},
    {PatchType::Patch3, "3", {2, 1, 1, 1, 2, 1, 1}}, {PatchType::Patch4, "4", {1, 1, 2, 1, 2, 1, 1}},
    {PatchType::Patch6, "6", {1, 1, 1, 1, 2, 1, 2}}, {PatchType::PatchT, "T", {1, 1, 2, 1, 1, 1, 2}},
};

constexpr double kWorkDpi = 100;      // bars are looked for at this resolution (a narrow bar: 8 px)
constexpr double kMinBarMm = 15;      // the spec's shortest bars are 0.75 in (19 mm); their ends may fade
constexpr double kQuietMm = 0.25 * 25.4;  // no other print this near the code (the spec's distance)
constexpr double kCropPerMm = 10;     // across the bars the code is measured at 10 px/mm (254 dpi)
constexpr double kCropAlongPerMm = 4;
constexpr int kBands = 6;             // stretches of the bars' length read on their own
// Element widths accepted, in mm: the spec's ±0.25 mm widened for toner spread, scanner blur and
// JPEG; narrow (2.03) and wide (5.08) stay far apart.
constexpr double kNarrowMin = 1.3, kNarrowMax = 2.9, kWideMin = 4.1, kWideMax = 6.2;

// Darkness as the brightest channel sees it: black print is dark in every channel, red seals and
// blue or pink patterns are not.
cv::Mat brightest_channel(const cv::Mat& image) {
  if (image.channels() == 1) return image;
  std::vector<cv::Mat> channels;
  cv::split(image, channels);
  cv::Mat m = cv::max(channels[0], channels[1]);
  return cv::max(m, channels[2]);
}

struct Bar {
  cv::Point2d centre;  // mm from the image's top-left corner
  cv::Point2d along;   // unit vector along the bar
  double width = 0, length = 0;  // mm
};

// Solid dark rectangles, long and narrow: candidate bars.
std::vector<Bar> find_bars(const cv::Mat& image, double dpi) {
  const double scale = std::min(1.0, kWorkDpi / dpi);
  cv::Mat small = image;
  if (scale < 0.99) cv::resize(image, small, {}, scale, scale, cv::INTER_AREA);
  small = brightest_channel(small);
  const double mm_per_px = 25.4 / (dpi * scale);
  // the paper around each pixel: the brightest within 9 mm, wider than a wide bar
  const int k = static_cast<int>(std::lround(9 / mm_per_px)) | 1;
  cv::Mat paper;
  cv::dilate(small, paper, cv::getStructuringElement(cv::MORPH_RECT, {k, k}));
  const cv::Mat limit = paper * 0.55;  // the spec: bars reflect under 20 % of the light, paper over 65 %
  cv::Mat ink = small < limit;
  cv::morphologyEx(ink, ink, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(ink, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  std::vector<Bar> bars;
  const double min_area = kMinBarMm * 1.2 / (mm_per_px * mm_per_px);
  for (const auto& c : contours) {
    const double area = cv::contourArea(c);
    if (area < min_area) continue;
    const cv::RotatedRect r = cv::minAreaRect(c);
    const double w = std::min(r.size.width, r.size.height), l = std::max(r.size.width, r.size.height);
    if (area < 0.8 * w * l) continue;  // not a filled rectangle
    Bar b;
    b.width = (w + 1) * mm_per_px;  // the contour runs through the edge pixels' centres
    b.length = (l + 1) * mm_per_px;
    if (b.width < 1.2 || b.width > 7 || b.length < kMinBarMm || b.length < 2.5 * b.width) continue;
    const double a = r.angle * CV_PI / 180;
    b.along = r.size.width >= r.size.height ? cv::Point2d(std::cos(a), std::sin(a)) : cv::Point2d(-std::sin(a), std::cos(a));
    b.centre = cv::Point2d(r.center.x + 0.5, r.center.y + 0.5) * mm_per_px;
    bars.push_back(b);
  }
  return bars;
}

// Whether two bars could stand side by side in one code.
bool neighbours(const Bar& a, const Bar& b) {
  if (std::abs(a.along.cross(b.along)) > std::sin(4 * CV_PI / 180)) return false;
  const cv::Point2d d = b.centre - a.centre;
  const double ratio = a.length / b.length;
  // adjacent bars' centres are at most half a wide bar, a space and half a wide bar apart (7.1 mm)
  return ratio > 0.8 && ratio < 1.25 && std::abs(d.dot(a.along)) < 0.25 * std::min(a.length, b.length) &&
         std::abs(d.cross(a.along)) < 9;
}

// The elements of a profile across the bars (grey levels at kCropPerMm px/mm), from its start:
// exactly four dark runs, each element of a spec width. Nothing else dark in the profile, whose
// ends lie a quiet zone beyond the code.
std::optional<std::array<int, 7>> read_profile(const cv::Mat& profile) {
  std::vector<double> v(profile.begin<double>(), profile.end<double>());
  std::vector<double> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  const double ink = sorted[sorted.size() / 10], paper = sorted[sorted.size() * 9 / 10];
  if (ink > 0.55 * paper) return std::nullopt;
  const double mid = (ink + paper) / 2;
  if (v.front() < mid || v.back() < mid) return std::nullopt;
  std::vector<double> edges;  // where the profile crosses mid, to a tenth of a pixel
  for (std::size_t i = 1; i < v.size(); ++i)
    if ((v[i - 1] < mid) != (v[i] < mid)) edges.push_back(static_cast<double>(i - 1) + (mid - v[i - 1]) / (v[i] - v[i - 1]));
  if (edges.size() != 8) return std::nullopt;
  const double total = (edges[7] - edges[0]) / kCropPerMm;
  if (std::abs(total - kPatchLengthMm) > 1.5) return std::nullopt;
  std::array<int, 7> elements{};
  for (std::size_t e = 0; e < 7; ++e) {
    const double mm = (edges[e + 1] - edges[e]) / kCropPerMm;
    if (mm >= kNarrowMin && mm <= kNarrowMax) elements[e] = 1;
    else if (mm >= kWideMin && mm <= kWideMax && e % 2 == 0) elements[e] = 2;  // spaces are always narrow
    else return std::nullopt;
  }
  return elements;
}

std::optional<PatchType> type_of(std::array<int, 7> elements, bool reversed) {
  if (reversed) std::reverse(elements.begin(), elements.end());
  for (const auto& p : kPatterns)
    if (std::equal(elements.begin(), elements.end(), p.elements)) return p.type;
  return std::nullopt;
}

// How far from a point the image's border lies in a direction (pixels).
double to_border(cv::Point2d from, cv::Point2d dir, cv::Size size) {
  double t = 1e12;
  if (dir.x > 1e-9) t = std::min(t, (size.width - from.x) / dir.x);
  if (dir.x < -1e-9) t = std::min(t, from.x / -dir.x);
  if (dir.y > 1e-9) t = std::min(t, (size.height - from.y) / dir.y);
  if (dir.y < -1e-9) t = std::min(t, from.y / -dir.y);
  return t;
}

// Four bars found side by side, measured again across their common length on the full image.
std::optional<FoundPatch> measure(const cv::Mat& image, double dpi, const std::vector<const Bar*>& four) {
  cv::Point2d along = four[0]->along;
  for (std::size_t i = 1; i < 4; ++i) along += four[i]->along.dot(along) < 0 ? -four[i]->along : four[i]->along;
  along /= std::hypot(along.x, along.y);
  const cv::Point2d across(-along.y, along.x);
  const cv::Point2d origin = four[0]->centre;
  double lo = 1e9, hi = -1e9, start = -1e9, end = 1e9;
  for (const Bar* b : four) {
    const cv::Point2d d = b->centre - origin;
    lo = std::min(lo, d.dot(across) - b->width / 2), hi = std::max(hi, d.dot(across) + b->width / 2);
    start = std::max(start, d.dot(along) - b->length / 2), end = std::min(end, d.dot(along) + b->length / 2);
  }
  if (end - start < kMinBarMm * 0.8) return std::nullopt;
  const cv::Point2d centre = origin + across * ((lo + hi) / 2) + along * ((start + end) / 2);

  // a crop with the bars upright, across them the code and a quiet zone each side, along them
  // the middle 60 % of their common length
  const double half_across = kPatchLengthMm / 2 + kQuietMm, half_along = 0.3 * (end - start);
  const cv::Size crop_size(static_cast<int>(2 * half_across * kCropPerMm), static_cast<int>(2 * half_along * kCropAlongPerMm));
  const double px_per_mm = dpi / 25.4;
  const cv::Point2d corner = (centre - across * half_across - along * half_along) * px_per_mm;
  const cv::Matx23d to_image(across.x * px_per_mm / kCropPerMm, along.x * px_per_mm / kCropAlongPerMm, corner.x,
                             across.y * px_per_mm / kCropPerMm, along.y * px_per_mm / kCropAlongPerMm, corner.y);
  cv::Mat crop;
  cv::warpAffine(image, crop, cv::Mat(to_image), crop_size, cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
  crop = brightest_channel(crop);

  // read from the page edge nearer the code: the leading edge (the crop runs along `across`)
  const cv::Point2d centre_px = centre * px_per_mm;
  const bool reversed = to_border(centre_px, across, image.size()) < to_border(centre_px, -across, image.size());
  cv::Mat profile;
  cv::reduce(crop, profile, 0, cv::REDUCE_AVG, CV_64F);
  const auto whole = read_profile(profile);
  if (!whole) return std::nullopt;
  const auto type = type_of(*whole, reversed);
  if (!type) return std::nullopt;
  // every stretch of the bars' length must read the same (one may be marred by a speck)
  int agreeing = 0;
  const int band = crop.rows / kBands;
  if (band < 2) return std::nullopt;
  for (int i = 0; i < kBands; ++i) {
    cv::reduce(crop.rowRange(i * band, (i + 1) * band), profile, 0, cv::REDUCE_AVG, CV_64F);
    const auto e = read_profile(profile);
    agreeing += e && type_of(*e, reversed) == type;
  }
  if (agreeing < kBands - 1) return std::nullopt;
  const double angle = std::atan2(along.y, along.x) * 180 / CV_PI;
  return FoundPatch{*type, cv::RotatedRect(centre_px, cv::Size2f(static_cast<float>((end - start) * px_per_mm),
                                                                 static_cast<float>((hi - lo) * px_per_mm)),
                                           static_cast<float>(angle))};
}

}  // namespace

const char* patch_name(PatchType type) {
  for (const auto& p : kPatterns)
    if (p.type == type) return p.name;
  return "?";
}

std::optional<PatchType> parse_patch_name(std::string_view name) {
  for (const auto& p : kPatterns)
    if (name == p.name) return p.type;
  return std::nullopt;
}

const int* patch_elements(PatchType type) {
  for (const auto& p : kPatterns)
    if (p.type == type) return p.elements;
  return kPatterns[0].elements;
}

std::vector<FoundPatch> find_patch_codes(const cv::Mat& image, double dpi) {
  const std::vector<Bar> bars = find_bars(image, dpi);
  // bars that stand side by side, in groups
  std::vector<int> group(bars.size());
  std::iota(group.begin(), group.end(), 0);
  auto root = [&](int i) {
    while (group[static_cast<std::size_t>(i)] != i) i = group[static_cast<std::size_t>(i)];
    return i;
  };
  for (std::size_t i = 0; i < bars.size(); ++i)
    for (std::size_t j = i + 1; j < bars.size(); ++j)
      if (neighbours(bars[i], bars[j])) group[static_cast<std::size_t>(root(static_cast<int>(j)))] = root(static_cast<int>(i));

  std::vector<FoundPatch> found;
  for (std::size_t g = 0; g < bars.size(); ++g) {
    if (root(static_cast<int>(g)) != static_cast<int>(g)) continue;
    std::vector<const Bar*> members;
    for (std::size_t i = 0; i < bars.size(); ++i)
      if (root(static_cast<int>(i)) == static_cast<int>(g)) members.push_back(&bars[i]);
    if (members.size() < 4) continue;
    const cv::Point2d across(-members[0]->along.y, members[0]->along.x);
    std::sort(members.begin(), members.end(), [&](const Bar* a, const Bar* b) { return a->centre.dot(across) < b->centre.dot(across); });
    for (std::size_t i = 0; i + 4 <= members.size(); ++i)
      if (auto p = measure(image, dpi, {members.begin() + static_cast<long>(i), members.begin() + static_cast<long>(i) + 4})) {
        found.push_back(*p);
        i += 3;
      }
  }
  return found;
}

}  // namespace sohoa::capture

#include "capture/orient.hpp"

#include "capture/components.hpp"
#include "capture/reduce.hpp"

#include <algorithm>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace sohoa::capture {
namespace {

// Ink above the x-height band of a text line (ascenders, capitals, and in Vietnamese the tone
// and vowel marks over nearly every syllable) minus ink below its baseline (descenders, the
// dot below), as a share of the line's ink. Positive for upright text.
double line_asymmetry(const std::vector<int>& rows, int y0, int y1, double* weight) {
  int peak = 0, total = 0;
  for (int y = y0; y <= y1; ++y) peak = std::max(peak, rows[static_cast<std::size_t>(y)]), total += rows[static_cast<std::size_t>(y)];
  int top = y1, bottom = y0;
  for (int y = y0; y <= y1; ++y)
    if (rows[static_cast<std::size_t>(y)] * 2 >= peak) top = std::min(top, y), bottom = std::max(bottom, y);
  int above = 0, below = 0;
  for (int y = y0; y < top; ++y) above += rows[static_cast<std::size_t>(y)];
  for (int y = bottom + 1; y <= y1; ++y) below += rows[static_cast<std::size_t>(y)];
  *weight = total;
  return total ? static_cast<double>(above - below) / total : 0.0;
}

// Vietnamese writes tone and vowel marks (and the dots of i and j) above the letters, and only
// the dot below (ạ, ệ, ọ …) under them: small marks sitting just above a letter outnumber those
// just below it several times over when the text is upright.
double marks_above_share(const cv::Mat& ink, int* marks) {
  cv::Mat labels;
  const std::vector<Component> parts = find_components(ink, labels);
  std::vector<int> heights;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const int h = parts[i].height();
    if (h >= 6 && h <= 40) heights.push_back(h);
  }
  if (heights.size() < 20) return *marks = 0, 0.0;
  std::nth_element(heights.begin(), heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2), heights.end());
  const double letter = heights[heights.size() / 2];
  struct Box { int x0, x1, y0, y1; };
  std::vector<Box> bases, small;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const int x = parts[i].x0, y = parts[i].y0, w = parts[i].width(), h = parts[i].height();
    if (h >= 0.6 * letter && h <= 2.0 * letter && w <= 2.5 * letter) bases.push_back({x, x + w, y, y + h});
    else if (h <= 0.45 * letter && w <= 0.9 * letter && parts[i].area >= 2) small.push_back({x, x + w, y, y + h});
  }
  std::sort(bases.begin(), bases.end(), [](const Box& a, const Box& b) { return a.x0 < b.x0; });
  int above = 0, below = 0;
  const double gap = 0.6 * letter;
  for (const Box& m : small) {
    const double cx = (m.x0 + m.x1) / 2.0;
    for (const Box& b : bases) {
      if (b.x0 > cx) break;
      if (b.x1 < cx) continue;
      if (m.y1 <= b.y0 + 1 && b.y0 - m.y1 <= gap) ++above;
      else if (m.y0 >= b.y1 - 1 && m.y0 - b.y1 <= gap) ++below;
    }
  }
  *marks = above + below;
  return *marks ? static_cast<double>(above - below) / *marks : 0.0;
}

// Card backs carry the machine-readable zone at the bottom: lines of capitals running across the
// whole card. Lines with ink in nearly every thirtieth of the width, below the middle against
// above it, -1..1; 0 when there are fewer than two (a card front). The crop's own border rows
// (a photocopy's outline) are left out.
double full_lines_below(const cv::Mat& ink) {
  const int margin = ink.rows / 25;
  std::vector<int> rows(static_cast<std::size_t>(ink.rows), 0);
  for (int y = margin; y < ink.rows - margin; ++y) rows[static_cast<std::size_t>(y)] = cv::countNonZero(ink.row(y));
  constexpr int kBins = 30;
  int below = 0, above = 0;
  for (int y = margin; y < ink.rows - margin;) {
    if (rows[static_cast<std::size_t>(y)] < ink.cols / 20) {
      ++y;
      continue;
    }
    int end = y;
    while (end + 1 < ink.rows - margin && rows[static_cast<std::size_t>(end + 1)] >= ink.cols / 20) ++end;
    if (end - y + 1 >= 7 && end - y + 1 <= 60) {
      cv::Mat columns;
      cv::reduce(ink.rowRange(y, end + 1), columns, 0, cv::REDUCE_MAX);
      int covered = 0;
      for (int b = 0; b < kBins; ++b) covered += cv::countNonZero(columns.colRange(ink.cols * b / kBins, ink.cols * (b + 1) / kBins)) > 0;
      if (covered >= kBins - 2) ((y + end) / 2 > ink.rows / 2 ? below : above) += 1;
    }
    y = end + 1;
  }
  return below + above >= 2 ? static_cast<double>(below - above) / (below + above) : 0.0;
}

// Few marks (little text, or text without diacritics): the lines' top-heaviness, -1..1. Text
// lines are found per vertical strip, so that side-by-side columns (a card's photo and its
// fields, a form's two halves) do not blur each other's baselines.
double lines_top_heaviness(const cv::Mat& ink) {
  constexpr int kStrips = 4;
  double score = 0, weight_sum = 0;
  for (int s = 0; s < kStrips; ++s) {
    const cv::Rect strip(ink.cols * s / kStrips, 0, ink.cols / kStrips, ink.rows);
    std::vector<int> rows(static_cast<std::size_t>(ink.rows));
    for (int y = 0; y < ink.rows; ++y) rows[static_cast<std::size_t>(y)] = cv::countNonZero(ink(strip).row(y));
    const int min_ink = std::max(2, strip.width / 100);
    for (int y = 0; y < ink.rows;) {
      if (rows[static_cast<std::size_t>(y)] < min_ink) {
        ++y;
        continue;
      }
      int end = y;
      while (end + 1 < ink.rows && rows[static_cast<std::size_t>(end + 1)] >= min_ink) ++end;
      const int height = end - y + 1;
      if (height >= 7 && height <= 60) {  // a line of text, not a rule or a photo
        double w = 0;
        score += line_asymmetry(rows, y, end, &w);  // every line one vote
        weight_sum += 1;
      }
      y = end + 1;
    }
  }
  return weight_sum > 0 ? score / weight_sum : 0;  // mean asymmetry
}

}  // namespace

UpDown detect_up_down(const cv::Mat& grey, double dpi) {
  // pages at 100 dpi or more (their 12-point marks stay 2 pixels tall); cards, small and printed
  // in 5-point labels, at 300 or more
  const bool small = static_cast<double>(grey.total()) * (300.0 / dpi) * (300.0 / dpi) < 1.5e6;
  const cv::Mat work = reduce(grey, reduction_factor(dpi, small ? 300.0 : 100.0));
  const cv::Mat ink = work < 128;
  UpDown r;
  int marks = 0;
  const double by_marks = marks_above_share(ink, &marks);
  // a card whose marks say little (150 dpi, a grey photocopy): its machine-readable zone, if any
  const double zone = small && (marks < 12 || std::abs(by_marks) < 0.2) ? full_lines_below(ink) : 0.0;
  if (zone != 0) {
    r.confidence = zone;
    r.upside_down = zone < 0;
    return r;
  }
  // The marks decide where there are enough of them and they lean clearly one way; where they
  // nearly balance (under 0.1), the lines' top-heaviness is averaged with them.
  if (marks >= 12 && std::abs(by_marks) >= 0.1) {
    r.confidence = by_marks;
    r.upside_down = by_marks < 0;
    return r;
  }
  const double by_lines = lines_top_heaviness(ink);
  r.confidence = marks >= 12 ? (by_marks + by_lines) / 2 : by_lines;
  r.upside_down = r.confidence < 0;
  return r;
}

}  // namespace sohoa::capture

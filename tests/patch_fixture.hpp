// Patch-code sheets drawn from Kodak's published geometry and "scanned": for tests.
#pragma once
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/patch_code.hpp"

namespace sohoa::testing {

// Kodak A-61599 / A-61670 "Patch code specifications": the edges A..G of each patch's zones in
// inches from its leading edge (the middle of each low..high range). Bars run from 0 to A, B to C,
// D to E and F to G.
struct Zones {
  capture::PatchType type;
  double edges[7];
};
inline const Zones kZones[] = {
    {capture::PatchType::Patch1, {0.20, 0.28, 0.48, 0.56, 0.64, 0.72, 0.80}},
    {capture::PatchType::Patch2, {0.20, 0.28, 0.36, 0.44, 0.52, 0.60, 0.80}},
    {capture::PatchType::Patch3, {0.20, 0.28, 0.36, 0.44, 0.64, 0.72, 0.80}},
    {capture::PatchType::Patch4, {0.08, 0.16, 0.36, 0.44, 0.64, 0.72, 0.80}},
    {capture::PatchType::Patch6, {0.08, 0.16, 0.24, 0.32, 0.52, 0.60, 0.80}},
    {capture::PatchType::PatchT, {0.08, 0.16, 0.36, 0.44, 0.52, 0.60, 0.80}},
};

// An A4 patch sheet at dpi, upright: a 2.5-inch patch (Kodak's camera-ready label) 0.5 in below the
// top edge, its bars parallel to it, and a few lines of print lower down.
inline cv::Mat patch_sheet(const Zones& z, double dpi) {
  const auto px = [&](double inches) { return static_cast<int>(std::lround(inches * dpi)); };
  cv::Mat page(px(297 / 25.4), px(210 / 25.4), CV_8UC1, cv::Scalar(236));
  const int left = px(2.9), top = px(0.5), length = px(2.5);
  for (int b = 0; b < 7; b += 2) {
    const int from = top + (b == 0 ? 0 : px(z.edges[b - 1])), to = top + px(z.edges[b]);
    cv::rectangle(page, cv::Rect(left, from, length, to - from), cv::Scalar(28), cv::FILLED);
  }
  const double scale = dpi / 100;
  cv::putText(page, std::string("PATCH ") + capture::patch_name(z.type), {left, top + px(1.5)}, cv::FONT_HERSHEY_DUPLEX, scale,
              cv::Scalar(30), static_cast<int>(2 * scale));
  for (int line = 0; line < 12; ++line)
    cv::putText(page, "Document separator - insert before each document of the batch", {px(1), px(3.0 + 0.3 * line)},
                cv::FONT_HERSHEY_SIMPLEX, 0.45 * scale, cv::Scalar(40), std::max(1, static_cast<int>(scale)));
  return page;
}

// The sheet as a scanner gives it: optical blur, turned by quarter_turns × 90° clockwise and skewed
// by skew degrees, sensor noise, then JPEG at quality 75.
inline cv::Mat scanned(const cv::Mat& sheet, int quarter_turns, double skew, std::uint64_t seed) {
  cv::Mat img;
  cv::GaussianBlur(sheet, img, {0, 0}, 0.8);
  static const cv::RotateFlags turns[] = {cv::ROTATE_90_CLOCKWISE, cv::ROTATE_180, cv::ROTATE_90_COUNTERCLOCKWISE};
  if (quarter_turns % 4) cv::rotate(img, img, turns[quarter_turns % 4 - 1]);
  if (skew != 0) {
    const cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(static_cast<float>(img.cols) / 2, static_cast<float>(img.rows) / 2), skew, 1);
    cv::warpAffine(img, img, m, img.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(236));
  }
  cv::Mat noise(img.size(), CV_16SC1);
  cv::RNG rng(seed);
  rng.fill(noise, cv::RNG::NORMAL, 0, 6);
  cv::Mat noisy;
  img.convertTo(noisy, CV_16SC1);
  noisy += noise;
  noisy.convertTo(img, CV_8UC1);
  std::vector<unsigned char> jpeg;
  cv::imencode(".jpg", img, jpeg, {cv::IMWRITE_JPEG_QUALITY, 75});
  return cv::imdecode(jpeg, cv::IMREAD_GRAYSCALE);
}

}  // namespace sohoa::testing

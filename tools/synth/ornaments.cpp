#include "tools/synth/ornaments.hpp"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <cmath>
#include <opencv2/imgproc.hpp>

#include "core/text.hpp"

namespace sohoa::synth {
namespace {

constexpr double kPi = 3.141592653589793;

// Shapes are drawn as coverage into an alpha layer over a region, then inked multiplicatively.
struct InkLayer {
  InkLayer(Sheet& s, cv::Rect roi) : sheet(s), region(roi & cv::Rect(0, 0, s.image.cols, s.image.rows)) {
    alpha = cv::Mat::zeros(region.size(), CV_8UC1);
  }
  cv::Point at(cv::Point2d mm) const { return sheet.px(mm.x, mm.y) - region.tl(); }
  void apply(cv::Scalar colour, double opacity) { blend_ink(sheet.image, alpha, region.x, region.y, colour, opacity); }
  Sheet& sheet;
  cv::Rect region;
  cv::Mat alpha;
};

cv::Rect px_rect(const Sheet& s, cv::Rect2d mm) {
  return {s.px(mm.x), s.px(mm.y), s.px(mm.width), s.px(mm.height)};
}

}  // namespace

void guilloche(Sheet& sheet, Rng& rng, cv::Scalar colour, double opacity, double spacing_mm) {
  InkLayer layer(sheet, cv::Rect(0, 0, sheet.image.cols, sheet.image.rows));
  const double w = sheet.size_mm.width, h = sheet.size_mm.height;
  const int thickness = std::max(1, sheet.px(0.12));
  for (int family = 0; family < 2; ++family) {
    const double wavelength = rng.uniform(18, 30), amplitude = rng.uniform(2.5, 5.0), phase0 = rng.uniform(0, 2 * kPi);
    for (double y0 = -amplitude; y0 < h + amplitude; y0 += spacing_mm) {
      std::vector<cv::Point> pts;
      for (double x = 0; x <= w + 1; x += 0.8) {
        const double phase = phase0 + (family ? kPi : 0) + y0 * 0.35;
        pts.push_back(layer.at({x, y0 + amplitude * std::sin(2 * kPi * x / wavelength + phase)}));
      }
      cv::polylines(layer.alpha, pts, false, cv::Scalar(255), thickness, cv::LINE_AA);
    }
  }
  layer.apply(colour, opacity);
}

void rosette(Sheet& sheet, Rng& rng, cv::Point2d c, double r, cv::Scalar colour, double opacity) {
  InkLayer layer(sheet, cv::Rect(sheet.px(c.x - r - 1), sheet.px(c.y - r - 1), sheet.px(2 * r + 2), sheet.px(2 * r + 2)));
  const int k = rng.integer(9, 15);
  const double big = r * 0.62, small = big / k, d = r - big + small;  // hypotrochoid reaching r
  std::vector<cv::Point> pts;
  for (double t = 0; t <= 2 * kPi * 1.001; t += 0.004) {
    const double x = (big - small) * std::cos(t) + d * std::cos((big - small) / small * t);
    const double y = (big - small) * std::sin(t) - d * std::sin((big - small) / small * t);
    pts.push_back(layer.at({c.x + x, c.y + y}));
  }
  cv::polylines(layer.alpha, pts, true, cv::Scalar(255), std::max(1, sheet.px(0.12)), cv::LINE_AA);
  layer.apply(colour, opacity);
}

void emblem(Sheet& sheet, cv::Point2d c, double r) {
  InkLayer disc(sheet, cv::Rect(sheet.px(c.x - r), sheet.px(c.y - r), sheet.px(2 * r), sheet.px(2 * r)));
  cv::circle(disc.alpha, disc.at(c), sheet.px(r * 0.95), cv::Scalar(255), cv::FILLED, cv::LINE_AA);
  disc.apply(cv::Scalar(40, 30, 200), 0.95);
  InkLayer gold(sheet, disc.region);
  cv::circle(gold.alpha, gold.at(c), sheet.px(r * 0.95), cv::Scalar(255), std::max(1, sheet.px(r * 0.12)), cv::LINE_AA);
  std::vector<cv::Point> star;
  for (int i = 0; i < 10; ++i) {
    const double a = -kPi / 2 + i * kPi / 5, rr = (i % 2 ? 0.22 : 0.55) * r;
    star.push_back(gold.at({c.x + rr * std::cos(a), c.y + rr * std::sin(a)}));
  }
  cv::fillPoly(gold.alpha, std::vector<std::vector<cv::Point>>{star}, cv::Scalar(255), cv::LINE_AA);
  gold.apply(cv::Scalar(40, 200, 245), 1.0);
}

void seal(Sheet& sheet, Fonts& fonts, Rng& rng, cv::Point2d c, double r, std::string_view rim_text) {
  // Ink goes into a layer of its own so that the whole seal can be inked unevenly at once.
  InkLayer layer(sheet, cv::Rect(sheet.px(c.x - r - 1), sheet.px(c.y - r - 1), sheet.px(2 * r + 2), sheet.px(2 * r + 2)));
  const int t = std::max(1, sheet.px(0.45));
  cv::circle(layer.alpha, layer.at(c), sheet.px(r), cv::Scalar(255), t, cv::LINE_AA);
  cv::circle(layer.alpha, layer.at(c), sheet.px(r * 0.7), cv::Scalar(255), std::max(1, t / 2), cv::LINE_AA);
  std::vector<cv::Point> star;
  for (int i = 0; i < 10; ++i) {
    const double a = -kPi / 2 + i * kPi / 5, rr = (i % 2 ? 0.09 : 0.22) * r;
    star.push_back(layer.at({c.x + rr * std::cos(a), c.y + rr * std::sin(a)}));
  }
  cv::fillPoly(layer.alpha, std::vector<std::vector<cv::Point>>{star}, cv::Scalar(255), cv::LINE_AA);
  // rim text, glyph by glyph around the circle, drawn white-on-black into a scratch image
  cv::Mat scratch(layer.alpha.size(), CV_8UC3, cv::Scalar(255, 255, 255));
  const auto cps = code_points(rim_text);
  const double size_px = sheet.font_px(r * 0.55), rim = sheet.px(r * 0.85);
  const double step = 1.7 * kPi / static_cast<double>(std::max<std::size_t>(cps.size(), 1));
  const cv::Point centre = layer.at(c);
  for (std::size_t i = 0; i < cps.size(); ++i) {
    const double a = -kPi / 2 - 0.85 * kPi + (static_cast<double>(i) + 0.5) * step;
    fonts.draw_glyph(scratch, Face::SansBold, size_px, cps[i],
                     {centre.x + rim * std::cos(a), centre.y + rim * std::sin(a)}, a * 180 / kPi + 90, cv::Scalar(0, 0, 0));
  }
  cv::Mat grey;
  cv::cvtColor(scratch, grey, cv::COLOR_BGR2GRAY);
  layer.alpha = cv::max(layer.alpha, 255 - grey);
  // uneven ink: a smooth random field thins the stamp in places
  cv::Mat field(8, 8, CV_32F);
  for (int i = 0; i < 64; ++i) field.at<float>(i) = static_cast<float>(rng.uniform(0.45, 1.0));
  cv::resize(field, field, layer.alpha.size(), 0, 0, cv::INTER_CUBIC);
  cv::Mat a;
  layer.alpha.convertTo(a, CV_32F);
  a = a.mul(field);
  a.convertTo(layer.alpha, CV_8U);
  layer.apply(ink::stamp, rng.uniform(0.7, 0.9));
}

void signature(Sheet& sheet, Rng& rng, cv::Rect2d box) {
  InkLayer layer(sheet, px_rect(sheet, box));
  std::vector<cv::Point> pts;
  const int strokes = rng.integer(3, 6);
  double x = box.x + box.width * 0.08, y = box.y + box.height * 0.6;
  for (int s = 0; s < strokes * 24; ++s) {
    const double t = s / 24.0;
    x += box.width * 0.84 / (strokes * 24.0);
    y = box.y + box.height * (0.5 + 0.32 * std::sin(t * 2 * kPi + rng.uniform(-0.3, 0.3)) * std::cos(t * 0.9));
    pts.push_back(layer.at({x + 1.5 * std::sin(t * 11), y}));
  }
  cv::polylines(layer.alpha, pts, false, cv::Scalar(255), std::max(1, sheet.px(0.35)), cv::LINE_AA);
  cv::line(layer.alpha, layer.at({box.x + box.width * 0.15, box.y + box.height * 0.85}),
           layer.at({box.x + box.width * 0.9, box.y + box.height * 0.7}), cv::Scalar(255), std::max(1, sheet.px(0.3)), cv::LINE_AA);
  layer.apply(ink::blue, 0.9);
}

void photo(Sheet& sheet, Rng& rng, cv::Rect2d box) {
  const cv::Rect r = px_rect(sheet, box) & cv::Rect(0, 0, sheet.image.cols, sheet.image.rows);
  cv::Mat roi = sheet.image(r);
  const double tone = rng.uniform(200, 235);
  for (int y = 0; y < roi.rows; ++y)
    roi.row(y).setTo(cv::Scalar(tone + 10 - 20.0 * y / roi.rows, tone, tone - 15));
  const cv::Point head(r.width / 2, static_cast<int>(r.height * 0.38));
  const cv::Scalar skin(rng.uniform(120, 160), rng.uniform(150, 180), rng.uniform(190, 215));
  cv::ellipse(roi, cv::Point(r.width / 2, r.height + r.height / 8), cv::Size(r.width * 45 / 100, r.height * 36 / 100), 0, 180, 360,
              cv::Scalar(70, 60, 55), cv::FILLED, cv::LINE_AA);
  cv::ellipse(roi, head, cv::Size(r.width * 22 / 100, r.height * 27 / 100), 0, 0, 360, skin, cv::FILLED, cv::LINE_AA);
  cv::ellipse(roi, head - cv::Point(0, r.height / 10), cv::Size(r.width * 24 / 100, r.height * 20 / 100), 0, 180, 360,
              cv::Scalar(30, 30, 35), cv::FILLED, cv::LINE_AA);
}

void chip(Sheet& sheet, cv::Rect2d box) {
  const cv::Rect r = px_rect(sheet, box);
  cv::rectangle(sheet.image, r, cv::Scalar(90, 180, 215), cv::FILLED, cv::LINE_AA);
  const cv::Scalar line(50, 120, 160);
  const int t = std::max(1, sheet.px(0.2));
  cv::rectangle(sheet.image, r, line, t, cv::LINE_AA);
  cv::line(sheet.image, {r.x, r.y + r.height / 3}, {r.x + r.width, r.y + r.height / 3}, line, t);
  cv::line(sheet.image, {r.x, r.y + 2 * r.height / 3}, {r.x + r.width, r.y + 2 * r.height / 3}, line, t);
  cv::line(sheet.image, {r.x + r.width / 2, r.y}, {r.x + r.width / 2, r.y + r.height}, line, t);
}

void qr_code(Sheet& sheet, std::string_view payload, cv::Point2d tl, double side_mm) {
  const auto matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode)
                          .setEncoding(ZXing::CharacterSet::UTF8)
                          .setMargin(0)
                          .encode(std::string(payload), 0, 0);
  const int n = matrix.width();
  const double module = sheet.dpi / 25.4 * side_mm / (n + 2);  // one module of quiet zone
  const cv::Point origin = sheet.px(tl.x, tl.y);
  const int side = static_cast<int>(module * (n + 2) + 0.5);
  sheet.mark("#qr", cv::Rect(origin.x, origin.y, side, side), payload);  // not a field: lets the scanner smudge it
  cv::rectangle(sheet.image, cv::Rect(origin.x, origin.y, side, side), cv::Scalar(250, 250, 250), cv::FILLED);
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x)
      if (matrix.get(x, y)) {
        const cv::Point a(origin.x + static_cast<int>((x + 1) * module), origin.y + static_cast<int>((y + 1) * module));
        const cv::Point b(origin.x + static_cast<int>((x + 2) * module) - 1, origin.y + static_cast<int>((y + 2) * module) - 1);
        cv::rectangle(sheet.image, a, b, cv::Scalar(25, 25, 25), cv::FILLED);
      }
}

void frame(Sheet& sheet, cv::Rect2d box, cv::Scalar colour, double thickness_mm) {
  cv::rectangle(sheet.image, px_rect(sheet, box), colour, std::max(1, sheet.px(thickness_mm)), cv::LINE_AA);
}

}  // namespace sohoa::synth

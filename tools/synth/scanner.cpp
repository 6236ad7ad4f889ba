#include "tools/synth/scanner.hpp"

#include <cmath>
#include <opencv2/imgproc.hpp>

namespace sohoa::synth {
namespace {

constexpr double kPi = 3.141592653589793;

cv::Matx33d translate(double dx, double dy) { return {1, 0, dx, 0, 1, dy, 0, 0, 1}; }
cv::Matx33d rotate(double deg) {  // clockwise on screen (y points down)
  const double a = deg * kPi / 180, c = std::cos(a), s = std::sin(a);
  return {c, -s, 0, s, c, 0, 0, 0, 1};
}
double mm_to_px(double mm, double dpi) { return mm * dpi / 25.4; }

// Sheet pixels -> canvas pixels: turned by angle around its centre, centre at `centre`.
cv::Matx33d place(const Sheet& s, double angle_deg, cv::Point2d centre) {
  return translate(centre.x, centre.y) * rotate(angle_deg) * translate(-s.image.cols / 2.0, -s.image.rows / 2.0);
}

cv::Size2d turned_size(cv::Size2d size, double angle_deg) {
  const double a = std::abs(angle_deg * kPi / 180);
  return {size.width * std::abs(std::cos(a)) + size.height * std::abs(std::sin(a)),
          size.width * std::abs(std::sin(a)) + size.height * std::abs(std::cos(a))};
}

cv::Rect bounds(const std::vector<cv::Point2d>& pts, cv::Size canvas) {
  double x0 = 1e18, y0 = 1e18, x1 = -1e18, y1 = -1e18;
  for (auto p : pts) x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
  const cv::Rect r(static_cast<int>(std::floor(x0)) - 2, static_cast<int>(std::floor(y0)) - 2,
                   static_cast<int>(std::ceil(x1 - x0)) + 5, static_cast<int>(std::ceil(y1 - y0)) + 5);
  return r & cv::Rect(0, 0, canvas.width, canvas.height);
}

// Pastes a sheet onto the canvas with anti-aliased edges and, on a flatbed, a soft shadow.
void paste(cv::Mat& canvas, const PlacedSheet& p, bool shadow) {
  const cv::Rect box = bounds(corners_on_scan(p), canvas.size());
  if (box.empty()) return;
  const cv::Matx33d m = translate(-box.x, -box.y) * p.to_scan;
  cv::Mat patch, mask;
  cv::warpPerspective(p.sheet->image, patch, m, box.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  cv::warpPerspective(cv::Mat(p.sheet->image.size(), CV_8UC1, cv::Scalar(255)), mask, m, box.size(), cv::INTER_LINEAR,
                      cv::BORDER_CONSTANT);
  cv::Mat roi = canvas(box);
  if (shadow) {
    cv::Mat soft;
    const int k = std::max(3, box.width / 120) | 1;
    cv::GaussianBlur(mask, soft, cv::Size(k * 3, k * 3), 0);
    for (int y = 0; y < roi.rows; ++y) {
      auto* c = roi.ptr<cv::Vec3b>(y);
      const auto* s = soft.ptr<unsigned char>(std::max(0, y - k / 2));
      for (int x = 0; x < roi.cols; ++x) {
        const double f = 1.0 - 0.3 * s[std::max(0, x - k / 2)] / 255.0;
        for (int ch = 0; ch < 3; ++ch) c[x][ch] = static_cast<unsigned char>(c[x][ch] * f);
      }
    }
  }
  for (int y = 0; y < roi.rows; ++y) {
    auto* c = roi.ptr<cv::Vec3b>(y);
    const auto* s = patch.ptr<cv::Vec3b>(y);
    const auto* a = mask.ptr<unsigned char>(y);
    for (int x = 0; x < roi.cols; ++x) {
      if (a[x] == 0) continue;
      for (int ch = 0; ch < 3; ++ch) c[x][ch] = static_cast<unsigned char>((c[x][ch] * (255 - a[x]) + s[x][ch] * a[x] + 127) / 255);
    }
  }
}

cv::Mat bed(cv::Size size, cv::Scalar tone, Rng& rng) {
  cv::Mat m(size, CV_8UC3, tone);
  cv::Mat noise(size, CV_8UC3);  // uniform noise: as grainy to the eye, far cheaper than Gaussian
  cv::RNG cvrng(rng.next());
  cvrng.fill(noise, cv::RNG::UNIFORM, 0, 7);
  cv::add(m, noise, m);
  return m;
}

// A wooden counter top: long, irregular grain along one direction, in a random wood tone.
cv::Mat table_texture(cv::Size size, Rng& rng) {
  cv::Mat grain(6, 160, CV_32F);  // few rows, many columns: stretched, it becomes streaks
  for (int i = 0; i < grain.rows * grain.cols; ++i) grain.at<float>(i) = static_cast<float>(rng.uniform(0.82, 1.0));
  cv::resize(grain, grain, size, 0, 0, cv::INTER_CUBIC);
  const cv::Scalar tone(rng.uniform(50, 80), rng.uniform(90, 120), rng.uniform(130, 170));
  cv::Mat wood(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y) {
    auto* row = wood.ptr<cv::Vec3b>(y);
    const float* g = grain.ptr<float>(y);
    for (int x = 0; x < size.width; ++x)
      for (int ch = 0; ch < 3; ++ch) row[x][ch] = cv::saturate_cast<unsigned char>(tone[ch] * g[x]);
  }
  return wood;
}

// Lays sheets on a canvas of the given size without overlaps; angles are per sheet.
std::vector<PlacedSheet> arrange(std::vector<Sheet>& sheets, cv::Size canvas, const std::vector<double>& angles, Rng& rng) {
  for (int attempt = 0; attempt < 400; ++attempt) {
    std::vector<PlacedSheet> placed;
    std::vector<cv::Rect> taken;
    bool ok = true;
    for (std::size_t i = 0; i < sheets.size() && ok; ++i) {
      const cv::Size2d t = turned_size(sheets[i].image.size(), angles[i]);
      const double free_x = canvas.width - t.width, free_y = canvas.height - t.height;
      if (free_x < 0 || free_y < 0) throw std::logic_error("sheet larger than the scan bed");
      const cv::Point2d centre(rng.uniform(0, free_x) + t.width / 2, rng.uniform(0, free_y) + t.height / 2);
      const cv::Rect r(static_cast<int>(centre.x - t.width / 2), static_cast<int>(centre.y - t.height / 2),
                       static_cast<int>(t.width), static_cast<int>(t.height));
      for (const auto& other : taken) ok = ok && (r & other).empty();
      taken.push_back(r + cv::Size(20, 20) - cv::Point(10, 10));
      placed.push_back({&sheets[i], place(sheets[i], angles[i], centre)});
    }
    if (ok) return placed;
  }
  throw std::runtime_error("cannot arrange the cards on the scan bed");
}

void glare(cv::Mat& img, Rng& rng) {
  cv::Mat blob = cv::Mat::zeros(img.size(), CV_32F);
  const cv::Point c(rng.integer(img.cols / 5, img.cols * 4 / 5), rng.integer(img.rows / 5, img.rows * 4 / 5));
  cv::ellipse(blob, c, cv::Size(img.cols / 5, img.rows / 7), rng.uniform(0, 180), 0, 360, cv::Scalar(1), cv::FILLED);
  cv::GaussianBlur(blob, blob, cv::Size(0, 0), img.cols / 20.0);
  const double strength = rng.uniform(0.4, 0.55);
  for (int y = 0; y < img.rows; ++y) {
    auto* p = img.ptr<cv::Vec3b>(y);
    const float* g = blob.ptr<float>(y);
    for (int x = 0; x < img.cols; ++x)
      for (int ch = 0; ch < 3; ++ch) p[x][ch] = static_cast<unsigned char>(p[x][ch] + (255 - p[x][ch]) * g[x] * strength);
  }
}

void lighting(cv::Mat& img, Rng& rng, double amount) {
  const double a = rng.uniform(-amount, amount), b = rng.uniform(-amount, amount);
  for (int y = 0; y < img.rows; ++y) {
    auto* p = img.ptr<cv::Vec3b>(y);
    for (int x = 0; x < img.cols; ++x) {
      const double f = 1.0 + a * (static_cast<double>(x) / img.cols - 0.5) + b * (static_cast<double>(y) / img.rows - 0.5);
      for (int ch = 0; ch < 3; ++ch) p[x][ch] = cv::saturate_cast<unsigned char>(p[x][ch] * f);
    }
  }
}

void photocopy(cv::Mat& img, const std::vector<PlacedSheet>& placed, Rng& rng) {
  cv::Mat grey;
  cv::cvtColor(img, grey, cv::COLOR_BGR2GRAY);
  grey.convertTo(grey, CV_8U, 1.5, -75);  // contrasty: light greys wash out, darks go black
  // The copier's lamp throws the card's thickness as a dark outline around it.
  for (const auto& p : placed) {
    std::vector<cv::Point> outline;
    for (const auto& c : corners_on_scan(p)) outline.emplace_back(cvRound(c.x), cvRound(c.y));
    cv::polylines(grey, outline, true, cv::Scalar(rng.uniform(40, 110)), std::max(1, cvRound(p.sheet->dpi / 150)), cv::LINE_AA);
  }
  cv::RNG cvrng(rng.next());
  const int specks = rng.integer(150, 600);
  for (int i = 0; i < specks; ++i)
    cv::circle(grey, {cvrng.uniform(0, grey.cols), cvrng.uniform(0, grey.rows)}, cvrng.uniform(1, 3), cv::Scalar(cvrng.uniform(0, 90)), cv::FILLED);
  for (const auto& p : placed)
    for (const auto& m : p.sheet->marks)
      if (m.path == "#qr" && rng.chance(0.5)) {
        const cv::Point2d c = apply(p.to_scan, {m.box.x + m.box.width * rng.uniform(0.3, 0.7), m.box.y + m.box.height * rng.uniform(0.3, 0.7)});
        cv::Mat smudge = cv::Mat::zeros(grey.size(), CV_32F);
        cv::ellipse(smudge, c, cv::Size(m.box.width / 3, m.box.height / 4), rng.uniform(0, 180), 0, 360, cv::Scalar(1), cv::FILLED);
        cv::GaussianBlur(smudge, smudge, cv::Size(0, 0), m.box.width / 10.0);
        for (int y = 0; y < grey.rows; ++y) {
          auto* g = grey.ptr<unsigned char>(y);
          const float* s = smudge.ptr<float>(y);
          for (int x = 0; x < grey.cols; ++x) g[x] = static_cast<unsigned char>(g[x] * (1.0 - 0.75 * s[x]));
        }
      }
  cv::cvtColor(grey, img, cv::COLOR_GRAY2BGR);
}

// A phone held over the table: a perspective view, with a shadow across one side.
cv::Matx33d phone_view(cv::Mat& img, Rng& rng) {
  const float w = static_cast<float>(img.cols), h = static_cast<float>(img.rows);
  auto j = [&](double span) { return static_cast<float>(rng.uniform(0, 0.07) * span); };
  const cv::Point2f src[] = {{0, 0}, {w, 0}, {w, h}, {0, h}};
  const cv::Point2f dst[] = {{j(w), j(h)}, {w - j(w), j(h)}, {w - j(w), h - j(h)}, {j(w), h - j(h)}};
  const cv::Mat m = cv::getPerspectiveTransform(src, dst);
  cv::Mat out;
  cv::warpPerspective(img, out, m, img.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  img = out;
  const double depth = rng.uniform(0.45, 0.7);
  const bool vertical = rng.chance(0.5);
  for (int y = 0; y < img.rows; ++y) {
    auto* p = img.ptr<cv::Vec3b>(y);
    for (int x = 0; x < img.cols; ++x) {
      const double t = vertical ? static_cast<double>(y) / img.rows : static_cast<double>(x) / img.cols;
      const double f = 1.0 - (1.0 - depth) * std::clamp((0.45 - t) / 0.3, 0.0, 1.0);
      for (int ch = 0; ch < 3; ++ch) p[x][ch] = static_cast<unsigned char>(p[x][ch] * f);
    }
  }
  cv::Matx33d h3;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) h3(r, c) = m.at<double>(r, c);
  return h3;
}

// Turns the whole scan by a quarter turns clockwise; returns the matching pixel transform.
cv::Matx33d quarter_turns(cv::Mat& img, int quarters) {
  const double w = img.cols, h = img.rows;
  switch (quarters % 4) {
    case 1: cv::rotate(img, img, cv::ROTATE_90_CLOCKWISE); return {0, -1, h - 1, 1, 0, 0, 0, 0, 1};
    case 2: cv::rotate(img, img, cv::ROTATE_180); return {-1, 0, w - 1, 0, -1, h - 1, 0, 0, 1};
    case 3: cv::rotate(img, img, cv::ROTATE_90_COUNTERCLOCKWISE); return {0, 1, 0, -1, 0, w - 1, 0, 0, 1};
    default: return cv::Matx33d::eye();
  }
}

double bed_tone(Rng& rng) {
  const double r = rng.uniform();
  return r < 0.5 ? rng.uniform(228, 248) : r < 0.85 ? rng.uniform(140, 200) : rng.uniform(30, 60);
}

}  // namespace

cv::Point2d apply(const cv::Matx33d& m, cv::Point2d p) {
  const cv::Vec3d v = m * cv::Vec3d(p.x, p.y, 1.0);
  return {v[0] / v[2], v[1] / v[2]};
}

std::vector<cv::Point2d> corners_on_scan(const PlacedSheet& p) {
  const double w = p.sheet->image.cols, h = p.sheet->image.rows;
  return {apply(p.to_scan, {0, 0}), apply(p.to_scan, {w, 0}), apply(p.to_scan, {w, h}), apply(p.to_scan, {0, h})};
}

Scan scan_sheets(std::vector<Sheet>& sheets, const ScanSettings& st, Rng& rng) {
  Scan scan;
  scan.dpi = st.dpi;
  const bool cards = sheets.front().size_mm.width < 100;
  int quarters = 0;
  std::vector<double> angles;
  cv::Size canvas_size;
  cv::Mat canvas;
  for (auto& s : sheets)
    if (cards && st.mode != ScanMode::Photocopy && st.hard && rng.chance(0.25)) glare(s.image, rng), scan.issues.push_back("glare");

  switch (st.mode) {
    case ScanMode::SheetFeeder: {
      angles = {rng.uniform(-5, 5)};
      const cv::Size2d t = turned_size(sheets[0].image.size(), angles[0]);
      const double margin = mm_to_px(rng.uniform(3, 12), st.dpi);
      canvas_size = cv::Size(static_cast<int>(t.width + 2 * margin), static_cast<int>(t.height + 2 * margin));
      canvas = bed(canvas_size, cv::Scalar::all(bed_tone(rng)), rng);
      const double r = rng.uniform();
      quarters = r < 0.7 ? 0 : r < 0.8 ? 1 : r < 0.9 ? 2 : 3;
      break;
    }
    case ScanMode::Flatbed:
    case ScanMode::CardScanner: {
      for (std::size_t i = 0; i < sheets.size(); ++i) angles.push_back(rng.uniform(-8, 8) + (rng.chance(0.25) ? 180 : 0));
      if (st.mode == ScanMode::Flatbed) {
        canvas_size = cv::Size(static_cast<int>(mm_to_px(216, st.dpi)), static_cast<int>(mm_to_px(297, st.dpi)));
        quarters = rng.chance(0.1) ? 1 : 0;
      } else {
        const cv::Size2d t = turned_size(sheets[0].image.size(), angles[0]);
        const double margin = mm_to_px(rng.uniform(2, 6), st.dpi);
        canvas_size = cv::Size(static_cast<int>(t.width + 2 * margin), static_cast<int>(t.height + 2 * margin));
      }
      const double tone = rng.chance(0.6) ? rng.uniform(232, 250) : rng.uniform(150, 200);
      canvas = bed(canvas_size, cv::Scalar::all(tone), rng);
      break;
    }
    case ScanMode::Photocopy: {
      for (std::size_t i = 0; i < sheets.size(); ++i) angles.push_back(rng.uniform(-2, 2));
      canvas_size = cv::Size(static_cast<int>(mm_to_px(210, st.dpi)), static_cast<int>(mm_to_px(297, st.dpi)));
      canvas = bed(canvas_size, cv::Scalar::all(rng.uniform(238, 250)), rng);
      break;
    }
    case ScanMode::PhonePhoto: {
      for (std::size_t i = 0; i < sheets.size(); ++i) angles.push_back(rng.uniform(-10, 10));
      double w = 0, h = 0;
      for (auto& s : sheets) w = std::max(w, s.image.cols * 1.0), h += s.image.rows * 1.15;
      const double margin = mm_to_px(rng.uniform(15, 30), st.dpi);
      canvas_size = cv::Size(static_cast<int>(w * 1.25 + 2 * margin), static_cast<int>(h * 1.1 + 2 * margin));
      canvas = table_texture(canvas_size, rng);
      break;
    }
  }
  scan.placed = arrange(sheets, canvas_size, angles, rng);
  for (const auto& p : scan.placed) paste(canvas, p, st.mode == ScanMode::Flatbed || st.mode == ScanMode::CardScanner);

  if (st.mode == ScanMode::Photocopy) photocopy(canvas, scan.placed, rng), scan.issues.push_back("photocopy");
  if (st.mode == ScanMode::PhonePhoto) {
    const cv::Matx33d view = phone_view(canvas, rng);
    for (auto& p : scan.placed) p.to_scan = view * p.to_scan;
    scan.issues.push_back("perspective");
  }
  lighting(canvas, rng, st.hard ? 0.16 : 0.08);
  const double sigma = rng.uniform(0.2, st.hard ? 1.2 : 0.75) * st.dpi / 300.0;
  cv::GaussianBlur(canvas, canvas, cv::Size(0, 0), sigma);
  cv::RNG cvrng(rng.next());
  cv::Mat noise16(canvas.size(), CV_16SC3);
  const double spread = rng.uniform(1.5, st.hard ? 6.0 : 3.5) * 1.732;  // uniform with that standard deviation
  cvrng.fill(noise16, cv::RNG::UNIFORM, -spread, spread + 1);
  canvas.convertTo(canvas, CV_16SC3);
  canvas += noise16;
  canvas.convertTo(canvas, CV_8UC3);
  if (st.mode == ScanMode::Photocopy || rng.chance(0.2)) cv::cvtColor(canvas, canvas, cv::COLOR_BGR2GRAY);

  const cv::Matx33d turn = quarter_turns(canvas, quarters);
  for (auto& p : scan.placed) p.to_scan = turn * p.to_scan;
  scan.image = canvas;
  if (st.dpi < 200) scan.issues.push_back("low_resolution");
  return scan;
}

}  // namespace sohoa::synth

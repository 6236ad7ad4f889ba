#include "tools/synth/forms.hpp"

#include <opencv2/imgproc.hpp>

#include "core/text.hpp"
#include "tools/synth/forms_common.hpp"

namespace sohoa::synth {

std::vector<SideToDraw> dossier_sides(const DossierSpec& d) {
  std::vector<SideToDraw> sides;
  if (d.certificate.form == "2014") {
    sides = {{"gcn_2014_page1", 0}, {"gcn_2014_page2", 0}, {"gcn_2014_page3", 0}};
  } else {
    sides = {{"gcn_2024", 0}};
  }
  for (std::size_t i = 0; i < d.people.size(); ++i) {
    const std::string form = d.people[i].card_form;
    sides.push_back({form + "_front", static_cast<int>(i) + 1});
    sides.push_back({form + "_back", static_cast<int>(i) + 1});
  }
  return sides;
}

Sheet render_side(const DossierSpec& d, const SideToDraw& side, Fonts& fonts, Rng& rng, double dpi) {
  if (side.document == 0) return render_certificate_side(d, side.kind, fonts, rng, dpi);
  return render_card_side(d, side.kind, side.document - 1, fonts, rng, dpi);
}

void handwritten(Sheet& s, Fonts& f, Rng& rng, double x_mm, double y_mm, const std::string& text, const std::string& path) {
  const double size = s.font_px(15);
  double x = s.px(x_mm);
  const double y = s.px(y_mm);
  const double x0 = x;
  for (char32_t cp : code_points(text)) {
    const int adv = f.advance(Face::Hand, size, cp);
    const double dy = rng.uniform(-0.08, 0.08) * size;
    if (cp != U' ') f.draw_glyph(s.image, Face::Hand, size, cp, {x + adv / 2.0, y - size * 0.3 + dy}, rng.uniform(-6, 6), ink::blue, 0.95);
    x += adv * rng.uniform(0.95, 1.1);
  }
  s.mark(path, cv::Rect(static_cast<int>(x0), static_cast<int>(y - size * 0.85), static_cast<int>(x - x0), static_cast<int>(size * 1.1)), text);
}

void age_paper(Sheet& s, Rng& rng) {
  const cv::Scalar tint(rng.uniform(0.78, 0.88), rng.uniform(0.93, 0.97), 1.0);
  cv::multiply(s.image, tint, s.image);
  const int t = std::max(2, s.px(0.6));
  const int cy = s.image.rows / 2 + s.px(rng.uniform(-10, 10));
  const int cx = s.image.cols / 2 + s.px(rng.uniform(-8, 8));
  cv::line(s.image, {0, cy}, {s.image.cols, cy + s.px(rng.uniform(-2, 2))}, cv::Scalar(150, 165, 175), t, cv::LINE_AA);
  if (rng.chance(0.5))
    cv::line(s.image, {cx, 0}, {cx + s.px(rng.uniform(-2, 2)), s.image.rows}, cv::Scalar(165, 180, 190), t, cv::LINE_AA);
}

}  // namespace sohoa::synth

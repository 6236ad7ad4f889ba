// The printed furniture of certificates and cards that is not text: guilloche backgrounds,
// emblem, stamps, signatures, photo, chip, QR code.
#pragma once
#include <string_view>

#include <opencv2/core.hpp>

#include "tools/synth/random.hpp"
#include "tools/synth/sheet.hpp"

namespace sohoa::synth {

// Fine interlaced waves across the whole sheet, like the security print of certificates.
void guilloche(Sheet& sheet, Rng& rng, cv::Scalar colour, double opacity, double spacing_mm);
// A spirograph rosette centred at (x, y).
void rosette(Sheet& sheet, Rng& rng, cv::Point2d centre_mm, double radius_mm, cv::Scalar colour, double opacity);
// The national emblem, simplified: red disc, yellow star, cog ring.
void emblem(Sheet& sheet, cv::Point2d centre_mm, double radius_mm);
// A round red seal with text around the rim and a star, with the uneven ink of a real stamp.
void seal(Sheet& sheet, Fonts& fonts, Rng& rng, cv::Point2d centre_mm, double radius_mm, std::string_view rim_text);
// A handwritten-looking blue signature inside the box.
void signature(Sheet& sheet, Rng& rng, cv::Rect2d box_mm);
// A portrait placeholder: shaded background with head and shoulders.
void photo(Sheet& sheet, Rng& rng, cv::Rect2d box_mm);
// The gold contact chip of a chip card.
void chip(Sheet& sheet, cv::Rect2d box_mm);
// A QR code of the UTF-8 payload, top-left corner at (x, y), side in mm.
void qr_code(Sheet& sheet, std::string_view payload, cv::Point2d top_left_mm, double side_mm);
// A thin rectangle outline.
void frame(Sheet& sheet, cv::Rect2d box_mm, cv::Scalar colour, double thickness_mm);

}  // namespace sohoa::synth

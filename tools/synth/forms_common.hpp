// Pieces shared by the certificate and card renderers (internal to the generator).
#pragma once
#include <string>

#include "tools/synth/random.hpp"
#include "tools/synth/sheet.hpp"
#include "tools/synth/spec.hpp"

namespace sohoa::synth {

Sheet render_certificate_side(const DossierSpec& d, const std::string& kind, Fonts& f, Rng& rng, double dpi);
Sheet render_card_side(const DossierSpec& d, const std::string& kind, int person, Fonts& f, Rng& rng, double dpi);

// Blue handwriting, glyph by glyph with a wobble, baseline at y; marks path.
void handwritten(Sheet& s, Fonts& f, Rng& rng, double x_mm, double y_mm, const std::string& text, const std::string& path);
// Yellowed paper with fold lines, as on certificates kept for years.
void age_paper(Sheet& s, Rng& rng);

}  // namespace sohoa::synth

// Renders each side of each document of a dossier, marking where every truth field is printed.
#pragma once
#include <string>
#include <vector>

#include "tools/synth/sheet.hpp"
#include "tools/synth/spec.hpp"

namespace sohoa::synth {

// Physical sizes in millimetres.
inline const cv::Size2d kGcn2014Page{190, 265}, kA4{210, 297}, kCard{85.6, 53.98};

struct SideToDraw {
  std::string kind;  // page kind, e.g. "gcn_2014_page2", "cancuoc_2024_back"
  int document;      // 0: the certificate; 1 + i: the card of person i
};

// The sides a dossier's documents have, certificate first.
std::vector<SideToDraw> dossier_sides(const DossierSpec& d);
Sheet render_side(const DossierSpec& d, const SideToDraw& side, Fonts& fonts, Rng& rng, double dpi);

}  // namespace sohoa::synth

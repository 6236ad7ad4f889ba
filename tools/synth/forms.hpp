// Renders each side of each document of a dossier, marking where every truth field is printed.
#pragma once
#include <string>
#include <vector>

#include "core/document_sizes.hpp"
#include "tools/synth/sheet.hpp"
#include "tools/synth/spec.hpp"

namespace sohoa::synth {

inline const cv::Size2d kGcn2014Page{kGcn2014PageSize.width_mm, kGcn2014PageSize.height_mm},
    kA4{kA4Size.width_mm, kA4Size.height_mm}, kCard{kCardSize.width_mm, kCardSize.height_mm};

struct SideToDraw {
  std::string kind;  // page kind, e.g. "gcn_2014_page2", "cancuoc_2024_back"
  int document;      // 0: the certificate; 1 + i: the card of person i
};

// The sides a dossier's documents have, certificate first.
std::vector<SideToDraw> dossier_sides(const DossierSpec& d);
Sheet render_side(const DossierSpec& d, const SideToDraw& side, Fonts& fonts, Rng& rng, double dpi);

}  // namespace sohoa::synth

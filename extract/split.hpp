// Splitting a fed batch (one sequence of scanned pages: a scanner's feeder, a multi-page PDF)
// into dossiers. A separator sheet starts a new dossier: the station's own (capture/separator.hpp,
// whose QR code may carry the dossier's number) or any sheet with a separating patch code
// (capture/patch_code.hpp: Patch T or Patch 2 unless the scanner profile says otherwise); blank pages (the backs of single-sided sheets in a duplex scan) are dropped but counted;
// a batch without any separator sheet is split where a certificate's first page begins (GCN 2014
// page 1 or a GCN 2024), told by the form classifier.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "capture/decode.hpp"
#include "capture/patch_code.hpp"
#include "capture/profile.hpp"
#include "ocr/engine.hpp"

namespace sohoa::extract {

enum class PageRole { Content, Blank, Separator };

struct PageLook {
  PageRole role = PageRole::Content;
  std::optional<std::string> number;      // a separator's dossier number (from its QR code)
  std::optional<capture::PatchType> patch;  // the separating patch code found on the page
  double ink_share = 0;                   // share of ink pixels on the page
};

// The cheap look at each page: blank (ink share at most blank_ink_max) or a separator sheet (the
// station's QR code, or a patch code of one of the separating types).
PageLook look_at_page(const capture::ScanPage& page, double blank_ink_max, const std::vector<capture::PatchType>& separating);

// The share of ink pixels on a page, measured at about 100 dpi (scanner noise and the paper's
// grain do not count; show-through from the other side is much lighter than print).
double page_ink_share(const cv::Mat& image, std::optional<double> dpi);

struct SplitDossier {
  std::optional<std::string> number;  // from its separator sheet
  std::vector<int> pages;             // indices into the batch, in order
  std::string started_by;             // "separator", "certificate" or "batch" (its first page)
};

struct BatchSplit {
  std::vector<SplitDossier> dossiers;
  std::vector<int> blank_pages, separator_pages;
  bool by_separators = false;
};

struct SplitOptions {
  double blank_ink_max = 0.003;
  std::vector<capture::PatchType> separator_patches = {capture::PatchType::PatchT, capture::PatchType::Patch2};
  capture::PrepareProfile profile;     // page preparation, for the classifier
  ocr::EnginePool* engines = nullptr;  // reads pages when there are no separators (nullptr: one dossier)
};

// page(i) gives page i of the batch (0 ≤ i < count); pages are asked for again when the batch
// has no separator sheets and must be read.
BatchSplit split_batch(int count, const std::function<capture::ScanPage(int)>& page, const SplitOptions& options);

// Whether a form kind is the first page of a certificate (where a dossier begins).
bool starts_certificate(const std::string& kind);

}  // namespace sohoa::extract

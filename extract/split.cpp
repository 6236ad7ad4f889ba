#include "extract/split.hpp"

#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "capture/prepare.hpp"
#include "capture/separator.hpp"
#include "extract/read_form.hpp"
#include "ocr/barcode.hpp"

namespace sohoa::extract {
namespace {

cv::Mat grey_of(const cv::Mat& image) {
  if (image.channels() == 1) return image;
  cv::Mat g;
  cv::cvtColor(image, g, cv::COLOR_BGR2GRAY);
  return g;
}

// The kinds of the documents on a page, by OCR of each prepared document and the classifier.
std::vector<std::string> page_kinds(const capture::ScanPage& page, const SplitOptions& options) {
  std::vector<std::string> kinds;
  for (const auto& d : capture::prepare_page(page, "batch", options.profile)) {
    auto engine = options.engines->acquire(ocr::Profile::Text);
    const double scale = d.dpi > 300 ? 300 / d.dpi : 1;
    cv::Mat img = d.clean;
    if (scale < 0.98) cv::resize(d.clean, img, {}, scale, scale, cv::INTER_AREA);
    const auto lines = engine->read(img, ocr::Layout::Auto, d.dpi > 0 ? d.dpi * scale : 300);
    if (const auto* m = classify(lines, d.shape)) kinds.push_back(m->kind);
  }
  return kinds;
}

}  // namespace

bool starts_certificate(const std::string& kind) { return kind == "gcn_2014_page1" || kind == "gcn_2024"; }

double page_ink_share(const cv::Mat& image, std::optional<double> dpi) {
  cv::Mat g = grey_of(image);
  const double scale = std::min(1.0, 100.0 / dpi.value_or(300));
  if (scale < 0.99) cv::resize(g, g, {}, scale, scale, cv::INTER_AREA);
  // the paper's level: the page's bright majority, measured locally (shading along the glass)
  cv::Mat paper;
  cv::dilate(g, paper, cv::getStructuringElement(cv::MORPH_RECT, {15, 15}));
  cv::GaussianBlur(paper, paper, {0, 0}, 8);
  cv::Mat g16, p16;
  g.convertTo(g16, CV_16S);
  paper.convertTo(p16, CV_16S);
  const cv::Mat ink = (p16 - g16) > 70;  // much darker than the paper around it: print
  return static_cast<double>(cv::countNonZero(ink)) / static_cast<double>(ink.total());
}

PageLook look_at_page(const capture::ScanPage& page, double blank_ink_max, const std::vector<capture::PatchType>& separating) {
  PageLook look;
  look.ink_share = page_ink_share(page.image, page.dpi);
  if (look.ink_share <= blank_ink_max) {
    look.role = PageRole::Blank;
    return look;
  }
  // the separator's code is 70 mm across (modules near 3 mm): read at about 150 dpi
  cv::Mat g = grey_of(page.image);
  const double scale = std::min(1.0, 150.0 / page.dpi.value_or(300));
  cv::Mat small = g;
  if (scale < 0.99) cv::resize(g, small, {}, scale, scale, cv::INTER_AREA);
  const auto codes = ocr::read_qr_codes(small);
  for (const auto& c : codes)
    if (const auto sep = capture::parse_separator(c.text)) {
      look.role = PageRole::Separator;
      look.number = sep->dossier;
      break;
    }
  if (separating.empty()) return look;  // a profile that splits by QR sheets alone: no patch search
  for (const auto& p : capture::find_patch_codes(page.image, page.dpi.value_or(300)))
    if (std::find(separating.begin(), separating.end(), p.type) != separating.end()) {
      look.role = PageRole::Separator;
      look.patch = p.type;
      break;
    }
  return look;
}

BatchSplit split_batch(int count, const std::function<capture::ScanPage(int)>& page, const SplitOptions& options) {
  BatchSplit out;
  std::vector<PageLook> looks;
  for (int i = 0; i < count; ++i) {
    looks.push_back(look_at_page(page(i), options.blank_ink_max, options.separator_patches));
    if (looks.back().role == PageRole::Blank) out.blank_pages.push_back(i);
    if (looks.back().role == PageRole::Separator) out.separator_pages.push_back(i);
  }
  out.by_separators = !out.separator_pages.empty();
  auto start = [&](std::optional<std::string> number, const std::string& by) {
    out.dossiers.push_back({std::move(number), {}, by});
  };
  for (int i = 0; i < count; ++i) {
    const PageLook& l = looks[static_cast<std::size_t>(i)];
    if (l.role == PageRole::Blank) continue;
    if (l.role == PageRole::Separator) {
      start(l.number, "separator");
      continue;
    }
    if (!out.by_separators && options.engines && !out.dossiers.empty()) {
      // a certificate's first page begins the next dossier once this one has its certificate
      bool begins = false;
      for (const auto& k : page_kinds(page(i), options)) begins = begins || starts_certificate(k);
      if (begins) start(std::nullopt, "certificate");
    }
    if (out.dossiers.empty()) start(std::nullopt, "batch");
    out.dossiers.back().pages.push_back(i);
  }
  // a separator followed by nothing (the last sheet of a feed) gives no dossier
  std::erase_if(out.dossiers, [](const SplitDossier& d) { return d.pages.empty(); });
  return out;
}

}  // namespace sohoa::extract

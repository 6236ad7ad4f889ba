#include "capture/pdf.hpp"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <vector>

namespace sohoa::capture {

struct PdfSource {
  std::unique_ptr<poppler::document> doc;
  std::vector<double> dpi;  // per page: the rendering resolution
};

namespace {

// Poppler keeps global state (fonts, caches): documents are loaded and rendered one at a time.
// A scanned page renders in a fraction of the time its OCR takes.
std::mutex& poppler_mutex() {
  static std::mutex m;
  return m;
}

void quiet_poppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

// The pixel widths of the image XObjects in the order the file holds them (scan-to-PDF writers
// put each page's image beside the page). Images inside compressed object streams are not seen.
std::vector<int> image_widths(const std::string& b) {
  std::vector<int> widths;
  for (std::size_t at = b.find("/Image"); at != std::string::npos; at = b.find("/Image", at + 6)) {
    // "/Subtype /Image" or "/Subtype/Image"; not "/ImageB", "/ImageC" (procedure sets)
    const std::size_t before = b.rfind("/Subtype", at);
    if (before == std::string::npos || at - before > 12) continue;
    if (at + 6 < b.size() && std::isalpha(static_cast<unsigned char>(b[at + 6]))) continue;
    const std::size_t open = b.rfind("<<", at), close = b.find(">>", at);
    if (open == std::string::npos || close == std::string::npos || at - open > 4096) continue;
    const std::size_t w = b.find("/Width", open);
    if (w == std::string::npos || w > close) continue;
    std::size_t p = w + 6;
    while (p < close && std::isspace(static_cast<unsigned char>(b[p]))) ++p;
    int v = 0;
    while (p < close && std::isdigit(static_cast<unsigned char>(b[p])) && v < 1000000) v = v * 10 + (b[p++] - '0');
    if (v > 0) widths.push_back(v);
  }
  return widths;
}

}  // namespace

std::shared_ptr<const PdfSource> open_pdf(std::string bytes, const InputLimits& limits) {
  // A whole PDF ends with %%EOF (maybe followed by line ends); a scan cut off in transfer does not.
  const std::size_t tail = std::min<std::size_t>(bytes.size(), 1024);
  if (bytes.substr(bytes.size() - tail).find("%%EOF") == std::string::npos)
    throw DecodeError("truncated PDF: the file ends before the document does");
  const std::vector<int> widths = image_widths(bytes);
  quiet_poppler();
  std::lock_guard lock(poppler_mutex());
  auto src = std::make_shared<PdfSource>();
  poppler::byte_array data(bytes.begin(), bytes.end());
  bytes.clear();
  src->doc.reset(poppler::document::load_from_data(&data));
  if (!src->doc) throw DecodeError("damaged PDF: the document cannot be read (or it needs a password)");
  if (src->doc->is_locked()) throw DecodeError("the PDF is protected by a password: save it again without protection");
  const int pages = src->doc->pages();
  if (pages <= 0) throw DecodeError("the PDF has no pages");
  if (pages > limits.max_pages_per_file)
    throw DecodeError("the PDF has " + std::to_string(pages) + " pages, more than the " + std::to_string(limits.max_pages_per_file) +
                      " taken from one file");
  const bool one_image_per_page = static_cast<int>(widths.size()) == pages;
  for (int p = 0; p < pages; ++p) {
    std::unique_ptr<poppler::page> page(src->doc->create_page(p));
    if (!page) throw DecodeError("damaged PDF: page " + std::to_string(p + 1) + " cannot be read");
    const poppler::rectf box = page->page_rect(poppler::media_box);
    const double w_in = box.width() / 72.0, h_in = box.height() / 72.0;
    if (w_in <= 0 || h_in <= 0) throw DecodeError("damaged PDF: page " + std::to_string(p + 1) + " has no size");
    double dpi = kPdfDefaultDpi;
    if (one_image_per_page) {
      // the image spans the page across (portrait or landscape, whichever it fits)
      const double d = widths[static_cast<std::size_t>(p)] / w_in;
      if (d >= 72 && d <= 1200) dpi = std::round(d);
    }
    const double px = w_in * dpi * h_in * dpi;
    if (px > limits.max_megapixels * 1e6)
      throw DecodeError("page " + std::to_string(p + 1) + " is " + std::to_string(static_cast<long long>(w_in * dpi)) + " × " +
                        std::to_string(static_cast<long long>(h_in * dpi)) + " pixels at " + std::to_string(static_cast<int>(dpi)) +
                        " dpi, more than the " + std::to_string(static_cast<int>(limits.max_megapixels)) +
                        " megapixels a scan may have");
    src->dpi.push_back(dpi);
  }
  return src;
}

int pdf_pages(const PdfSource& pdf) { return static_cast<int>(pdf.dpi.size()); }

ScanPage render_pdf_page(const PdfSource& pdf, int page) {
  const double dpi = pdf.dpi.at(static_cast<std::size_t>(page));
  cv::Mat bgr;
  {
    std::lock_guard lock(poppler_mutex());
    std::unique_ptr<poppler::page> p(pdf.doc->create_page(page));
    if (!p) throw DecodeError("damaged PDF: page " + std::to_string(page + 1) + " cannot be read");
    poppler::page_renderer renderer;
    renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
    renderer.set_image_format(poppler::image::format_bgr24);
    const poppler::image img = renderer.render_page(p.get(), dpi, dpi);
    if (!img.is_valid() || img.width() <= 0 || img.height() <= 0)
      throw DecodeError("damaged PDF: page " + std::to_string(page + 1) + " cannot be rendered");
    const cv::Mat view(img.height(), img.width(), CV_8UC3, const_cast<char*>(img.const_data()),
                       static_cast<std::size_t>(img.bytes_per_row()));
    bgr = view.clone();
  }
  ScanPage out;
  out.page = page;
  out.dpi = dpi;  // the page's paper size at the rendering resolution
  // a grey scan stays grey (one channel), as the same scan saved as TIFF or PNG would be
  cv::Mat channels[3];
  cv::split(bgr, channels);
  if (cv::countNonZero(channels[0] != channels[1]) == 0 && cv::countNonZero(channels[1] != channels[2]) == 0) out.image = channels[0];
  else out.image = bgr;
  return out;
}

}  // namespace sohoa::capture

// Multi-page PDFs from scanners: each page is rendered through poppler at the resolution of the
// image it carries (a scan-to-PDF page is one raster image), 300 dpi when that cannot be told.
// Internal to capture/decode.cpp; the rest of the station sees PDF pages as ScanFile pages.
#pragma once
#include <memory>
#include <string>

#include "capture/decode.hpp"

namespace sohoa::capture {

struct PdfSource;

// Takes the file's bytes; checks the document (not truncated, not encrypted, has pages, each
// page within the pixel limit at its resolution). Throws DecodeError.
std::shared_ptr<const PdfSource> open_pdf(std::string bytes, const InputLimits& limits);
int pdf_pages(const PdfSource& pdf);
ScanPage render_pdf_page(const PdfSource& pdf, int page);  // throws DecodeError

// The resolution scan-to-PDF pages are rendered at when the file does not tell.
inline constexpr double kPdfDefaultDpi = 300;

}  // namespace sohoa::capture

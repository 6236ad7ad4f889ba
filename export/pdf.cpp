#include "export/pdf.hpp"

#include <cmath>
#include <memory>

#include <hpdf.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/decode.hpp"
#include "capture/profile.hpp"

namespace sohoa::exporter {
namespace {

constexpr const char* kSans = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf";
constexpr const char* kSansBold = "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf";
constexpr double kMaxDpi = 300;  // scans above it are reduced (legal minimum is 150)
constexpr double kFallbackDpi = 300;

void on_error(HPDF_STATUS error, HPDF_STATUS detail, void* user) {
  auto* message = static_cast<std::string*>(user);
  if (message->empty()) *message = "libharu error " + std::to_string(error) + " (detail " + std::to_string(detail) + ")";
}

class Pdf {
 public:
  Pdf() : doc_(HPDF_New(on_error, &error_)) {
    if (!doc_) throw ExportError("cannot create a PDF document");
    HPDF_SetCompressionMode(doc_, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(doc_);
    HPDF_SetCurrentEncoder(doc_, "UTF-8");
  }
  ~Pdf() { HPDF_Free(doc_); }
  Pdf(const Pdf&) = delete;
  Pdf& operator=(const Pdf&) = delete;
  HPDF_Doc get() const { return doc_; }
  // Throws when libharu reported an error since the last check.
  void check(const std::string& what) {
    if (!error_.empty()) throw ExportError(what + ": " + error_);
  }
  HPDF_Font font(const char* path) {
    const char* name = HPDF_LoadTTFontFromFile(doc_, path, HPDF_TRUE);
    check(std::string("font ") + path + " (fonts-liberation2)");
    HPDF_Font f = HPDF_GetFont(doc_, name, "UTF-8");
    check(std::string("font ") + path);
    return f;
  }
  std::string bytes() {
    HPDF_SaveToStream(doc_);
    check("saving the PDF");
    std::string out(HPDF_GetStreamSize(doc_), '\0');
    HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.size());
    HPDF_ResetStream(doc_);
    HPDF_ReadFromStream(doc_, reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
    out.resize(size);
    return out;
  }

 private:
  std::string error_;
  HPDF_Doc doc_;
};

// Places one word invisibly over its quad on the page, scaled along its baseline to the quad's
// width and across it to its height. The direction is snapped to the nearest quarter turn: text
// readers (poppler) split a word whose baseline is slightly skewed into pieces, so a skewed word
// is laid level over the quad's centre, which a viewer's highlight still covers.
void place_word(HPDF_Page page, HPDF_Font font, const Json& word, double pt_per_px, double page_h) {
  const auto& q = word.at("quad");
  auto at = [&](int i) {
    return cv::Point2d(q[i][0].get<double>() * pt_per_px, page_h - q[i][1].get<double>() * pt_per_px);
  };
  const cv::Point2d tl = at(0), tr = at(1), br = at(2), bl = at(3);
  const cv::Point2d along = br - bl, up = tl - bl;
  const double length = std::hypot(along.x, along.y), height = std::hypot(up.x, up.y);
  const std::string text = word.at("text").get<std::string>();
  if (length < 0.5 || height < 0.5 || text.empty()) return;
  const double quarter = std::round(std::atan2(along.y, along.x) / (M_PI / 2)) * (M_PI / 2);
  const cv::Point2d u(std::round(std::cos(quarter)), std::round(std::sin(quarter)));  // unit, along the baseline
  const cv::Point2d n(-u.y, u.x);                                                     // unit, up
  const cv::Point2d centre = (tl + tr + br + bl) / 4;
  const double ascent = HPDF_Font_GetAscent(font) / 1000.0, descent = -HPDF_Font_GetDescent(font) / 1000.0;
  const double size = height / (ascent + descent);
  HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(size));
  const double natural = HPDF_Page_TextWidth(page, text.c_str());
  if (natural <= 0) return;
  const double stretch = length / natural;
  const cv::Point2d origin = centre - u * (length / 2) - n * (height / 2) + n * (descent * size);
  HPDF_Page_SetTextMatrix(page, static_cast<HPDF_REAL>(u.x * stretch), static_cast<HPDF_REAL>(u.y * stretch),
                          static_cast<HPDF_REAL>(n.x), static_cast<HPDF_REAL>(n.y), static_cast<HPDF_REAL>(origin.x),
                          static_cast<HPDF_REAL>(origin.y));
  HPDF_Page_ShowText(page, text.c_str());
}

std::string document_title(const Json& doc, std::size_t index) {
  const std::string type = doc.value("type", ""), form = doc.value("form", "");
  const Json& f = doc.value("fields", Json::object());
  auto field = [&](const char* key) -> std::string {
    if (!f.contains(key) || !f[key].is_object() || !f[key]["value"].is_string()) return "";
    return f[key]["value"].get<std::string>();
  };
  std::string title;
  if (type == "land_certificate") {
    title = "Giấy chứng nhận quyền sử dụng đất (mẫu " + form + ")";
    if (const auto s = field("serial"); !s.empty()) title += " " + s;
  } else if (type == "id_card") {
    title = form == "cancuoc_2024" ? "Thẻ căn cước" : "Căn cước công dân";
    if (const auto s = field("full_name"); !s.empty()) title += " – " + s;
  } else {
    title = "Tài liệu " + std::to_string(index + 1);
  }
  return title;
}

void summarise(const Json& node, const std::string& path, std::vector<SummaryLine>& out) {
  if (node.is_object() && node.contains("value") && node.contains("review")) {
    out.push_back({path, value_text(node["value"]), false, node["review"].get<bool>()});
    return;
  }
  if (node.is_object())
    for (const auto& [key, child] : node.items()) summarise(child, path.empty() ? key : path + "." + key, out);
  else if (node.is_array())
    for (std::size_t i = 0; i < node.size(); ++i) summarise(node[i], path + "[" + std::to_string(i) + "]", out);
}

// The record summary pages (A4 portrait): label column and value column, each value on one
// line (its font made smaller when it is long) so a search for it finds it whole.
void add_summary(HPDF_Doc doc, HPDF_Font font, HPDF_Font bold, const Json& record, HPDF_Outline root) {
  constexpr double kW = 595.28, kH = 841.89, kMargin = 40, kValueX = 230, kLine = 13;
  const auto lines = summary_lines(record);
  HPDF_Page page = nullptr;
  double y = 0;
  auto fit = [&](HPDF_Font f, double size, const std::string& text, double width) {
    HPDF_Page_SetFontAndSize(page, f, static_cast<HPDF_REAL>(size));
    const double w = HPDF_Page_TextWidth(page, text.c_str());
    if (w > width) HPDF_Page_SetFontAndSize(page, f, static_cast<HPDF_REAL>(size * width / w));
  };
  auto show = [&](double x, const std::string& text) {
    HPDF_Page_BeginText(page);
    HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y), text.c_str());
    HPDF_Page_EndText(page);
  };
  auto new_page = [&] {
    page = HPDF_AddPage(doc);
    HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(kW));
    HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(kH));
    y = kH - kMargin - 14;
    fit(bold, 14, "", kW);
    show(kMargin, "Tóm tắt hồ sơ " + record.value("dossier_id", "") + " – Record summary");
    y -= 2 * kLine;
  };
  new_page();
  HPDF_Outline entry = HPDF_CreateOutline(doc, root, "Tóm tắt hồ sơ – Record summary", HPDF_GetEncoder(doc, "UTF-8"));
  HPDF_Destination dest = HPDF_Page_CreateDestination(page);
  HPDF_Outline_SetDestination(entry, dest);
  for (const auto& l : lines) {
    // an MRZ is three lines: each printed on a line of its own
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
      const auto nl = l.value.find('\n', start);
      parts.push_back(l.value.substr(start, nl - start));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    if (y - kLine * (static_cast<double>(parts.size()) + (l.heading ? 1 : 0)) < kMargin) new_page();
    if (l.heading) {
      y -= kLine / 2;
      fit(bold, 11, l.label, kW - 2 * kMargin);
      show(kMargin, l.label);
      y -= kLine;
      continue;
    }
    const std::string label = l.label + (l.review ? " (cần kiểm tra)" : "");
    fit(font, 9, label, kValueX - kMargin - 8);
    show(kMargin, label);
    for (const auto& part : parts) {
      fit(font, 10, part, kW - kMargin - kValueX);
      show(kValueX, part);
      y -= kLine;
    }
  }
}

}  // namespace

std::string value_text(const Json& value) {
  if (value.is_null()) return "—";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

std::vector<SummaryLine> summary_lines(const Json& record) {
  std::vector<SummaryLine> out;
  const Json& docs = record.value("documents", Json::array());
  for (std::size_t i = 0; i < docs.size(); ++i) {
    out.push_back({"documents[" + std::to_string(i) + "]: " + document_title(docs[i], i), "", true, false});
    summarise(docs[i].value("fields", Json::object()), "", out);
  }
  return out;
}

std::string render_pdf(const DossierExport& d) {
  Pdf pdf;
  HPDF_Doc doc = pdf.get();
  HPDF_SetInfoAttr(doc, HPDF_INFO_TITLE, d.id().c_str());
  HPDF_SetInfoAttr(doc, HPDF_INFO_PRODUCER, "sohoa");
  HPDF_SetInfoAttr(doc, HPDF_INFO_CREATOR, "sohoa export");
  HPDF_SetInfoAttr(doc, HPDF_INFO_SUBJECT, "Hồ sơ quét – scanned land record");
  HPDF_SetPageMode(doc, HPDF_PAGE_MODE_USE_OUTLINE);
  pdf.check("PDF metadata");
  HPDF_Font sans = pdf.font(kSans), bold = pdf.font(kSansBold);

  // the OCR pages by source and page
  std::map<std::pair<std::string, int>, const Json*> ocr_pages;
  // (pointers into d.ocr itself: value() would give copies)
  if (d.ocr.is_object() && d.ocr.contains("files"))
    for (const auto& f : d.ocr.at("files"))
      if (f.contains("pages"))
        for (const auto& p : f.at("pages")) ocr_pages[{f.value("source", ""), p.value("page", 0)}] = &p;

  std::map<std::pair<std::string, int>, HPDF_Page> pages;
  const capture::InputLimits limits = capture::default_profile().limits;
  for (const auto& source : scan_sources(d)) {
    const auto it = d.scans.find(source);
    if (it == d.scans.end()) throw ExportError("dossier " + d.id() + ": no scan file for " + source);
    std::unique_ptr<capture::ScanFile> scan;
    try {
      scan = std::make_unique<capture::ScanFile>(it->second, limits);
    } catch (const std::exception& e) {
      throw ExportError("dossier " + d.id() + ": scan " + source + ": " + e.what());
    }
    for (int p = 0; p < scan->pages(); ++p) {
      capture::ScanPage sp;
      try {
        sp = scan->read(p);
      } catch (const std::exception& e) {
        throw ExportError("dossier " + d.id() + ": scan " + source + " page " + std::to_string(p + 1) + ": " + e.what());
      }
      const Json* ocr = ocr_pages.count({source, p}) ? ocr_pages[{source, p}] : nullptr;
      double dpi = sp.dpi.value_or(0);
      if (dpi <= 0 && ocr) dpi = ocr->value("dpi", 0.0);
      if (dpi <= 0) dpi = kFallbackDpi;
      const double width_pt = sp.image.cols / dpi * 72, height_pt = sp.image.rows / dpi * 72;
      // OCR boxes are in the pixels of the scan as recorded in ocr.json
      const double ocr_cols = ocr ? ocr->value("width", sp.image.cols) : sp.image.cols;
      cv::Mat image = sp.image;
      if (dpi > kMaxDpi) cv::resize(image, image, {}, kMaxDpi / dpi, kMaxDpi / dpi, cv::INTER_AREA);
      std::vector<uchar> jpeg;
      if (!cv::imencode(".jpg", image, jpeg, {cv::IMWRITE_JPEG_QUALITY, 85}))
        throw ExportError("dossier " + d.id() + ": scan " + source + ": cannot encode as JPEG");
      HPDF_Page page = HPDF_AddPage(doc);
      HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(width_pt));
      HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(height_pt));
      HPDF_Image img = HPDF_LoadJpegImageFromMem(doc, jpeg.data(), static_cast<HPDF_UINT>(jpeg.size()));
      pdf.check("dossier " + d.id() + ": scan " + source);
      HPDF_Page_DrawImage(page, img, 0, 0, static_cast<HPDF_REAL>(width_pt), static_cast<HPDF_REAL>(height_pt));
      if (ocr && !ocr->value("words", Json::array()).empty()) {
        HPDF_Page_BeginText(page);
        HPDF_Page_SetTextRenderingMode(page, HPDF_INVISIBLE);
        for (const auto& w : (*ocr)["words"]) place_word(page, sans, w, width_pt / ocr_cols, height_pt);
        HPDF_Page_EndText(page);
      }
      pdf.check("dossier " + d.id() + ": text layer of " + source);
      pages[{source, p}] = page;
    }
  }

  HPDF_Outline root = HPDF_CreateOutline(doc, nullptr, ("Hồ sơ " + d.id()).c_str(), HPDF_GetEncoder(doc, "UTF-8"));
  HPDF_Outline_SetOpened(root, HPDF_TRUE);
  const Json& docs = d.record.value("documents", Json::array());
  for (std::size_t i = 0; i < docs.size(); ++i) {
    HPDF_Outline entry = HPDF_CreateOutline(doc, root, document_title(docs[i], i).c_str(), HPDF_GetEncoder(doc, "UTF-8"));
    for (const auto& s : docs[i].value("sources", Json::array())) {
      const auto it = pages.find({s.value("source", ""), s.value("page", 0)});
      if (it == pages.end()) continue;
      HPDF_Outline_SetDestination(entry, HPDF_Page_CreateDestination(it->second));
      break;
    }
  }
  add_summary(doc, sans, bold, d.record, root);
  pdf.check("dossier " + d.id() + ": outline and summary");
  return pdf.bytes();
}

}  // namespace sohoa::exporter

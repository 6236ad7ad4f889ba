#include "capture/separator.hpp"

#include <hpdf.h>

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <stdexcept>

#include "capture/patch_code.hpp"

namespace sohoa::capture {
namespace {

// fonts-liberation2 (scripts/setup-deps): Arial-like, with every Vietnamese letter.
constexpr const char* kFontBold = "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf";
constexpr const char* kFontRegular = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf";
constexpr float kMm = 72.0f / 25.4f;

struct Doc {
  HPDF_Doc pdf = HPDF_New([](HPDF_STATUS, HPDF_STATUS, void*) {}, nullptr);
  ~Doc() { HPDF_Free(pdf); }
};

void centred(HPDF_Page page, HPDF_Font font, float size, float y, const std::string& text) {
  HPDF_Page_SetFontAndSize(page, font, size);
  const float w = HPDF_Page_TextWidth(page, text.c_str());
  HPDF_Page_BeginText(page);
  HPDF_Page_TextOut(page, (HPDF_Page_GetWidth(page) - w) / 2, y, text.c_str());
  HPDF_Page_EndText(page);
}

// A Patch T across the sheet's width, its bars parallel to the edge at y_edge (the leading edge
// when the sheet is fed that way) and its first element from_edge mm inside it; inward: +1 from
// the bottom edge, -1 from the top (PDF y runs up). Kodak A-61599: at least 0.25 in from the
// sheet's edges, within 1.6 in of the leading edge for the strictest readers, 0.5 in from it for
// the i280/i600 (so 0.5 in here), nothing printed beside it; full-width bars cross every sensor.
void patch_t(HPDF_Page page, float y_edge, float inward) {
  const float from_edge = 0.5f * 72, side = 0.5f * 72;
  const float narrow = static_cast<float>(kPatchNarrowMm) * kMm;
  const float length = HPDF_Page_GetWidth(page) - 2 * side;
  float y = y_edge + inward * from_edge;
  const int* elements = patch_elements(PatchType::PatchT);
  for (int e = 0; e < 7; ++e) {
    const float width = elements[e] == 2 ? static_cast<float>(kPatchWideMm) * kMm : narrow;
    if (e % 2 == 0) HPDF_Page_Rectangle(page, side, inward > 0 ? y : y - width, length, width);
    y += inward * width;
  }
  HPDF_Page_Fill(page);
}

}  // namespace

void check_dossier_number(const std::string& number) {
  if (number.empty() || number.size() > 40)
    throw std::invalid_argument("a dossier number has 1 to 40 characters (this one has " + std::to_string(number.size()) + ")");
  for (char c : number)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      throw std::invalid_argument("a dossier number holds only letters A-Z, digits, '-', '_' and '.': '" + number + "' does not");
  if (number == "." || number == "..") throw std::invalid_argument("'" + number + "' is not a dossier number");
}

std::string separator_payload(const std::string& number) {
  if (number.empty()) return std::string(kSeparatorPrefix);
  check_dossier_number(number);
  return std::string(kSeparatorPrefix) + " " + number;
}

std::optional<SeparatorCode> parse_separator(std::string_view payload) {
  if (payload.substr(0, kSeparatorPrefix.size()) != kSeparatorPrefix) return std::nullopt;
  std::string_view rest = payload.substr(kSeparatorPrefix.size());
  SeparatorCode code;
  if (rest.empty()) return code;
  if (rest.front() != ' ') return std::nullopt;  // "SOHOA-SEP/10": another code
  const std::string number(rest.substr(1));
  try {
    check_dossier_number(number);
  } catch (const std::invalid_argument&) {
    return code;  // a separator all the same; its number is not one the station would print
  }
  code.dossier = number;
  return code;
}

void write_separator_pdf(const std::vector<std::string>& numbers, const std::filesystem::path& out) {
  Doc doc;
  if (!doc.pdf) throw std::runtime_error("cannot create a PDF (libharu)");
  HPDF_UseUTFEncodings(doc.pdf);
  HPDF_SetCurrentEncoder(doc.pdf, "UTF-8");
  HPDF_SetCompressionMode(doc.pdf, HPDF_COMP_ALL);
  const char* bold_name = HPDF_LoadTTFontFromFile(doc.pdf, kFontBold, HPDF_TRUE);
  const char* regular_name = HPDF_LoadTTFontFromFile(doc.pdf, kFontRegular, HPDF_TRUE);
  if (!bold_name || !regular_name) throw std::runtime_error(std::string("cannot load the font ") + kFontBold + " (fonts-liberation2)");
  HPDF_Font bold = HPDF_GetFont(doc.pdf, bold_name, "UTF-8");
  HPDF_Font regular = HPDF_GetFont(doc.pdf, regular_name, "UTF-8");

  for (const auto& number : numbers) {
    const std::string payload = separator_payload(number);
    HPDF_Page page = HPDF_AddPage(doc.pdf);
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    const float w = HPDF_Page_GetWidth(page), h = HPDF_Page_GetHeight(page);

    // a Patch T at the top and, turned, at the bottom: a scanner's patch reader finds one
    // whichever edge the sheet is fed by (the text keeps 10 mm clear of them)
    HPDF_Page_SetRGBFill(page, 0, 0, 0);
    patch_t(page, h, -1);
    patch_t(page, 0, 1);
    centred(page, bold, 30, h - 55 * kMm, "TỜ TÁCH HỒ SƠ");
    centred(page, regular, 14, h - 63 * kMm, "Dossier separator sheet");

    // the QR code, 70 mm across, drawn module by module (vector: sharp at any printer resolution)
    const ZXing::BitMatrix m = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode).setMargin(0).encode(payload, 0, 0);
    const float side = 70 * kMm, module = side / static_cast<float>(m.width());
    const float x0 = (w - side) / 2, y0 = h - 72 * kMm - side;
    for (int y = 0; y < m.height(); ++y)
      for (int x = 0; x < m.width(); ++x)
        if (m.get(x, y)) HPDF_Page_Rectangle(page, x0 + static_cast<float>(x) * module, y0 + side - static_cast<float>(y + 1) * module, module, module);
    HPDF_Page_Fill(page);

    if (!number.empty()) {
      centred(page, regular, 16, y0 - 18 * kMm, "Hồ sơ số / Dossier number");
      float size = 72;
      HPDF_Page_SetFontAndSize(page, bold, size);
      while (size > 20 && HPDF_Page_TextWidth(page, number.c_str()) > w - 30 * kMm) HPDF_Page_SetFontAndSize(page, bold, size -= 4);
      centred(page, bold, size, y0 - 18 * kMm - size * 1.1f, number);
    }
    centred(page, regular, 13, 52 * kMm, "Đặt tờ này lên trên hồ sơ khi quét. Trang này không được lưu vào hồ sơ.");
    centred(page, regular, 11, 45 * kMm, "Put this sheet on top of the dossier when scanning. It is not kept in the dossier.");
  }
  if (HPDF_SaveToFile(doc.pdf, out.c_str()) != HPDF_OK) throw std::runtime_error("cannot write " + out.string());
}

}  // namespace sohoa::capture

// Reading one prepared document: OCR of the whole document, the form it is, its fields by the
// form model, its QR code and MRZ; every box mapped back to the original scan.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "capture/prepare.hpp"
#include "core/mrz_read.hpp"
#include "extract/read_form.hpp"
#include "ocr/barcode.hpp"
#include "ocr/engine.hpp"

namespace sohoa::extract {

// One OCR word placed on the scan: the corners of its box as read (top-left, top-right,
// bottom-right, bottom-left in reading direction, so a turned document gives a turned quad).
struct ScanWord {
  std::string text;  // NFC
  std::array<cv::Point2d, 4> quad;
  cv::Rect box;      // the quad's bounding box on the scan
  double confidence = 0;
};

struct DocumentReading {
  std::string source;   // scan file name
  int page = 0;         // page within the file
  int index = 0;        // document on the page
  std::array<int, 4> region{};  // on the scan
  std::string kind;     // model kind, "" when no model fits
  double kind_score = 0;
  // no phrase of the form was read: the model was chosen by where values are printed on the
  // document (its fields' zones), so a value only this side's OCR gives is not to be trusted alone
  bool kind_by_layout = false;
  const models::FormModel* model = nullptr;
  FormReading form;                 // boxes already on the scan
  std::optional<std::string> qr;    // raw payload of the first QR code that decoded
  cv::Rect qr_box;                  // on the scan
  std::optional<Td1Reading> mrz;
  cv::Rect mrz_box;                 // on the scan
  int turned = 0;                   // extra half turn applied when the text read upside down
  std::vector<ocr::Line> lines;     // the OCR lines, on the OCR image (for diagnostics)
  std::vector<ScanWord> words;      // every word the whole-document OCR read, on the scan (for the PDF text layer)
  std::vector<std::string> mrz_lines;  // the MRZ zone as read, before repair (for diagnostics)
};

// The model of the shape whose fields' zones the OCR lines (on an image of the given size) show
// their values in, for a card no form phrase was read on; nullptr when no form stands out.
const models::FormModel* model_by_layout(const std::vector<ocr::Line>& lines, const std::string& shape, cv::Size image);

// today_year: for the century of MRZ dates.
DocumentReading read_document(const capture::PreparedDocument& doc, ocr::EnginePool& engines, int today_year);

// The QR code read again on its zone (the form's qr.region) cut straight from the scan, for a
// card whose code did not read on the prepared crop: only a code whose payload parses as the
// form's counts; its box is on the scan. nullopt when the form gives no region or none reads.
std::optional<ocr::Barcode> read_qr_on_scan(const capture::PreparedDocument& d, const models::QrRule& rule, bool turned);

}  // namespace sohoa::extract

#include "extract/read_document.hpp"

#include <opencv2/imgproc.hpp>
#include <regex>

#include "extract/folded.hpp"
#include "extract/grammar.hpp"
#include "extract/qr_payload.hpp"
#include "extract/vocabulary.hpp"
#include "ocr/barcode.hpp"

namespace sohoa::extract {
namespace {

// Resolution the OCR reads at. Card print is 4.5-10 pt: read at ~430 dpi (1450 px across) so
// that the small labels have Tesseract's preferred x-height; page text (12 pt) at 300 dpi.
constexpr int kCardWidth = 1450;
constexpr double kPageDpi = 300;
// A card whose form phrases were hardly read is taken as the form whose zoned fields it shows in
// their zones at least at this share, and by this margin over any other form.
constexpr double kLayoutShare = 0.6, kLayoutMargin = 0.3;

struct OcrImage {
  cv::Mat grey;
  double scale = 1;  // OCR image pixels per prepared-image pixel
  double dpi = 300;
};

OcrImage ocr_image(const capture::PreparedDocument& d, const cv::Mat& clean) {
  OcrImage o;
  if (d.shape == "card") o.scale = static_cast<double>(kCardWidth) / clean.cols;
  else if (d.dpi > 0) o.scale = std::min(1.0, kPageDpi / d.dpi);
  o.dpi = d.dpi > 0 ? d.dpi * o.scale : kPageDpi;
  if (std::abs(o.scale - 1) < 0.02) o.grey = clean, o.scale = 1;
  else cv::resize(clean, o.grey, {}, o.scale, o.scale, o.scale > 1 ? cv::INTER_CUBIC : cv::INTER_AREA);
  return o;
}

// Maps boxes from the prepared (upright, cropped) image to the scan it was cut from.
class ToScan {
 public:
  ToScan(const capture::PreparedDocument& d, double scale, bool turned) : scale_(scale) {
    const float w = static_cast<float>(d.colour.cols), h = static_cast<float>(d.colour.rows);
    std::vector<cv::Point2f> src = {{0, 0}, {w, 0}, {w, h}, {0, h}}, dst;
    for (const auto& c : d.corners) dst.emplace_back(static_cast<float>(c.x), static_cast<float>(c.y));
    if (turned) std::rotate(dst.begin(), dst.begin() + 2, dst.end());
    h_ = cv::getPerspectiveTransform(src, dst);
  }
  cv::Rect operator()(const cv::Rect& r) const {
    if (r.area() == 0) return {};
    const auto q = quad(r);
    return cv::boundingRect(std::vector<cv::Point2f>(q.begin(), q.end()));
  }
  // the box's corners on the scan: top-left, top-right, bottom-right, bottom-left as read
  std::array<cv::Point2f, 4> quad(const cv::Rect& r) const {
    std::vector<cv::Point2f> in, out;
    for (auto p : {r.tl(), cv::Point(r.x + r.width, r.y), r.br(), cv::Point(r.x, r.y + r.height)})
      in.emplace_back(static_cast<float>(p.x / scale_), static_cast<float>(p.y / scale_));
    cv::perspectiveTransform(in, out, h_);
    return {out[0], out[1], out[2], out[3]};
  }
  // prepared-image pixels to scan pixels
  const cv::Mat& homography() const { return h_; }

 private:
  double scale_;
  cv::Mat h_;
};

cv::Rect region_of(const std::array<double, 4>& share, const cv::Size& size) {
  return cv::Rect(static_cast<int>(share[0] * size.width), static_cast<int>(share[1] * size.height),
                  static_cast<int>(share[2] * size.width), static_cast<int>(share[3] * size.height)) &
         cv::Rect({}, size);
}

// The engine that reads a field's grammar a second time: digits-only for numbers and dates,
// capitals-and-digits for serial and registry codes (which the Vietnamese model likes to give
// tone marks: "CHÍ 96019").
std::optional<ocr::Profile> second_reader(const std::string& grammar) {
  if (grammar == "date_dmy" || grammar == "id_number" || grammar == "area" || grammar == "parcel_number" || grammar == "year")
    return ocr::Profile::Digits;
  if (grammar.rfind("serial", 0) == 0 || grammar == "registry_number") return ocr::Profile::Mrz;
  return std::nullopt;
}

// The red channel of the colour image at the OCR image's size, made when first needed: red seals
// and the pink background fade into the paper there, while black print and blue ink stay dark
// (the OCR image drops blue ink with the signatures).
class RedChannel {
 public:
  RedChannel(const cv::Mat& colour, cv::Size size) : colour_(colour), size_(size) {}
  const cv::Mat& get() {
    if (red_.empty()) {
      if (colour_.channels() == 3) cv::extractChannel(colour_, red_, 2);
      else red_ = colour_;  // a grey scan: a seal is already as light as its grey
      if (red_.size() != size_) cv::resize(red_, red_, size_, 0, 0, red_.cols < size_.width ? cv::INTER_CUBIC : cv::INTER_AREA);
    }
    return red_;
  }

 private:
  const cv::Mat& colour_;
  cv::Size size_;
  cv::Mat red_;
};

cv::Rect padded(const cv::Rect& r, int pad_x, int pad_y, cv::Size size) {
  return cv::Rect(r.x - pad_x, r.y - pad_y, r.width + 2 * pad_x, r.height + 2 * pad_y) & cv::Rect({}, size);
}

// Reads one line of text in a zone; confidence is the lowest of its words.
std::string read_line(ocr::EnginePool& engines, ocr::Profile profile, const cv::Mat& image, double dpi, cv::Rect zone, double& confidence) {
  std::string text;
  confidence = 1;
  for (const auto& l : engines.acquire(profile)->read(image, ocr::Layout::SingleLine, dpi, zone)) {
    text += (text.empty() ? "" : " ") + l.text;
    confidence = std::min(confidence, l.confidence);
  }
  return text;
}

// A code written by hand as the engine reads it: two letters (a digit that looks like a letter
// taken for it: "C7" is "CT") and five digits, spaces read inside the digits dropped, the gap
// after the letters kept as written.
std::string handwritten_code(const std::string& text) {
  std::string chars;
  bool gap = false;
  for (char c : text) {
    if (c != ' ') chars += c;
    else if (chars.size() == 2) gap = true;
  }
  if (chars.size() != 7) return text;
  static const std::string digits = "0125678", letters = "OIZSGTB";
  for (std::size_t i = 0; i < 2; ++i)
    if (const auto at = digits.find(chars[i]); at != std::string::npos) chars[i] = letters[at];
  return chars.substr(0, 2) + (gap ? " " : "") + chars.substr(2);
}

// Where the word that completes a label on its line starts, or -1. Not where it ends: the
// page's reading often joins the first letters written to that word ("GCN:DC" read "GCN:").
int label_last_word(const ocr::Line& line, const std::regex& label) {
  std::string so_far;
  for (const auto& w : line.words) {
    so_far.append(so_far.empty() ? "" : " ").append(w.text);
    if (std::regex_search(fold(so_far), label)) return w.box.x;
  }
  return -1;
}

// The zone of a handwritten value as the code engine is given it, each read in turn: as scanned;
// made black on white (the paper's pattern and a shading across a phone photo leave the engine
// reading nothing); and that halved, for writing larger than the engine's preferred x-height.
// The made ones are padded with paper: writing at the crop's edge is often missed.
std::vector<std::pair<cv::Mat, double>> handwriting_variants(const cv::Mat& red, cv::Rect zone, double dpi) {
  std::vector<std::pair<cv::Mat, double>> out;
  const cv::Mat scanned = red(zone);
  out.emplace_back(scanned, dpi);
  // the paper's own brightness, the strokes closed over, divided out before the threshold
  cv::Mat paper, binary;
  const int stroke = std::max(3, zone.height / 4) | 1;
  cv::morphologyEx(scanned, paper, cv::MORPH_CLOSE, cv::getStructuringElement(cv::MORPH_ELLIPSE, {stroke, stroke}));
  cv::divide(scanned, paper, binary, 255);
  cv::threshold(binary, binary, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  cv::Mat half;
  cv::resize(binary, half, {}, 0.5, 0.5, cv::INTER_AREA);
  for (auto [image, image_dpi] : {std::pair{binary, dpi}, std::pair{half, dpi / 2}}) {
    const int pad = std::max(4, image.rows / 5);
    cv::copyMakeBorder(image, image, pad, pad, pad, pad, cv::BORDER_CONSTANT, 255);
    out.emplace_back(image, image_dpi);
  }
  return out;
}

// Where a handwritten value is looked for on its line l: from the label's last word, taken in
// (its text is dropped when read); failing that, from the end of the words left of the specks
// (the first letters written may have left none), or of all of them when there are none.
cv::Rect handwriting_zone(const ocr::Line& l, const Reading& r, const models::FieldRule& rule, const std::vector<ocr::Line>& lines,
                          double dpi, cv::Size size) {
  const int h = std::max(l.box.height, static_cast<int>(dpi / 6));  // at least 12 pt
  int left = -1;
  for (const auto& other : lines)  // the page's reading may give the specks a line of their own
    if (rule.label && left < 0 && other.box.y < l.box.br().y && l.box.y < other.box.br().y) left = label_last_word(other, rule.label->regex);
  if (left >= 0) left -= h / 5;
  else {
    left = l.box.x;
    for (const auto& w : l.words)
      if (r.ocr_box.area() == 0 || w.box.br().x <= r.ocr_box.x) left = std::max(left, w.box.br().x);
    left += h / 5;
  }
  return cv::Rect(left, l.box.y - h / 2, 12 * h, 2 * h) & cv::Rect({}, size);
}

// Of the readings of one value (with their confidences), the one most of them read, a more
// certain one (a known register prefix) breaking a tie.
const std::pair<Parsed, double>* most_read(const std::vector<std::pair<Parsed, double>>& readings) {
  const auto votes = [&](const Parsed& p) {
    return std::count_if(readings.begin(), readings.end(), [&](const auto& other) { return other.first.value == p.value; });
  };
  const auto best = std::max_element(readings.begin(), readings.end(), [&](const auto& a, const auto& b) {
    return std::pair(votes(a.first), a.first.certainty) < std::pair(votes(b.first), b.first.certainty);
  });
  return best == readings.end() ? nullptr : &*best;
}

// A registry number is often written in by hand in blue ink, which the OCR image drops (leaving
// specks, or nothing, where the value was): read on the red channel by the code engine, from the
// end of its label across the width of a written number, in several versions of the image.
void read_by_hand(Reading& r, const models::FieldRule& rule, RedChannel& red, const std::vector<ocr::Line>& lines, double dpi,
                  ocr::EnginePool& engines) {
  for (const auto& l : lines) {
    const bool value_line = r.ocr_box.area() > 0 ? (l.box & r.ocr_box).area() > 0 : rule.label && std::regex_search(fold(l.text), rule.label->regex);
    if (!value_line) continue;
    const cv::Rect zone = handwriting_zone(l, r, rule, lines, dpi, red.get().size());
    if (zone.width < 8 || zone.height < 8) return;  // the label ends at the page's edge
    std::vector<std::pair<Parsed, double>> readings;
    for (const auto& [image, image_dpi] : handwriting_variants(red.get(), zone, dpi)) {
      double confidence = 0;
      const std::string text = read_line(engines, ocr::Profile::Code, image, image_dpi, {}, confidence);
      // the zone takes in the end of the label ("GCN CH 47579"): leading words are dropped until
      // the rest parses
      for (std::size_t from = 0; from != std::string::npos; from = text.find(' ', from + 1))
        if (Parsed p = parse_value(r.grammar, handwritten_code(trim_value(text.substr(from)))); p.valid) {
          readings.emplace_back(std::move(p), confidence);
          break;
        }
    }
    if (const auto* best = most_read(readings)) {
      take_second_reading(r, best->first, best->second);
      r.value = best->first.value;  // the code engine reads the written gap itself; the specks' spaces say nothing
      r.box = r.ocr_box = zone;     // the clerk's snippet shows the writing, not the specks
    }
    return;
  }
}

// A second reading of each numeric or code field by a restricted engine, inside the box the
// first reading found: the two engines are different models, so their agreement is evidence and
// their disagreement a reason for review. A registry number neither reading parses may be
// written by hand.
void read_codes_again(FormReading& form, const cv::Mat& grey, RedChannel& red, const std::vector<ocr::Line>& lines, double dpi,
                      ocr::EnginePool& engines) {
  for (auto& [path, r] : form.fields) {
    const auto profile = second_reader(r.grammar);
    if (!profile) continue;
    if (r.ocr_box.area() > 0) {
      const int pad = std::max(4, r.ocr_box.height / 3);
      double confidence = 0;
      const std::string text = read_line(engines, *profile, grey, dpi, padded(r.ocr_box, pad, pad, grey.size()), confidence);
      take_second_reading(r, text, confidence);
    }
    if (r.valid || r.grammar != "registry_number" || !form.model) continue;
    for (const auto& rule : form.model->fields)
      if (rule.path == path) read_by_hand(r, rule, red, lines, dpi, engines);
  }
}

// Fields the whole document's OCR missed that the model says where to find: read in their zone
// alone, by the engine their grammar is read with a second time (or the text engine).
void read_zones(FormReading& form, const models::FormModel& model, const cv::Mat& grey, double dpi, ocr::EnginePool& engines) {
  for (const auto& f : model.fields) {
    if (!f.zone) continue;
    if (auto it = form.fields.find(f.path); it != form.fields.end() && it->second.valid) continue;
    const cv::Rect zone = region_of(*f.zone, grey.size());
    auto engine = engines.acquire(second_reader(f.grammar).value_or(ocr::Profile::Text));
    std::string text;
    double confidence = 1;
    cv::Rect box;
    for (const auto& l : engine->read(grey, ocr::Layout::Block, dpi, zone)) {
      text += (text.empty() ? "" : " ") + l.text;
      confidence = std::min(confidence, l.confidence);
      box = box.area() ? (box | l.box) : l.box;
    }
    const Parsed p = parse_value(f.grammar, text);
    if (!p.valid) continue;
    Reading r;
    r.value = p.value, r.valid = true, r.confidence = confidence * 0.9 * p.certainty, r.box = box, r.ocr_box = box;
    r.grammar = f.grammar, r.raw = text;
    form.fields[f.path] = r;
  }
}

// A date in words, read again alone on its line in the red channel: a red seal often lies over
// the date, and its ring through a digit makes "30" read as "80" (no date: the red channel's
// reading replaces it, one engine's reading alone, below kOcrAlone) or "09" as "08" (a date all
// the same: the two readings are merged like any second reading, a disagreement goes to review).
void read_dates_again(FormReading& form, const models::FormModel& model, const std::vector<ocr::Line>& lines, RedChannel& red,
                      double dpi, ocr::EnginePool& engines) {
  // "tháng" often loses a letter or has one misread ("thÌng")
  static const std::regex date_words(R"((?:\S{0,2}ang|th\S{1,2}ng)\s*\S{1,3}\s*nam\s*\S{4})");
  for (const auto& f : model.fields) {
    if (f.grammar != "date_phrase") continue;
    const auto it = form.fields.find(f.path);
    // where the page's reading found it, else the line that reads like a date in words
    cv::Rect line = it != form.fields.end() ? it->second.ocr_box : cv::Rect();
    for (const auto& l : lines)
      if (line.area() == 0 && std::regex_search(fold(l.text), date_words)) line = l.box;
    if (line.area() == 0) continue;
    const cv::Mat& image = red.get();
    const int pad = std::max(4, line.height / 3);
    const auto relines = engines.acquire(ocr::Profile::Text)->read(image, ocr::Layout::SingleLine, dpi, padded(line, pad, pad, image.size()));
    auto again = read_form(model, relines, image.size());
    const auto found = again.fields.find(f.path);
    if (found == again.fields.end() || !found->second.valid) continue;
    const Reading& second = found->second;
    Reading& r = form.fields[f.path];  // an empty, invalid one when the page's reading found none
    r.grammar = f.grammar;
    const bool replaced = !r.valid;
    take_second_reading(r, Parsed{second.value, true, 1, 0}, second.confidence);
    if (replaced) r.box = second.box, r.ocr_box = second.ocr_box, r.raw = second.raw;
  }
}

// The QR codes on a document. A card scanned at 200 dpi gives the modules 2-3 pixels: a small
// document is read again enlarged; scale is the enlargement the codes were found at.
struct QrCodes {
  std::vector<ocr::Barcode> codes;
  double scale = 1;
};
QrCodes read_qr(const cv::Mat& colour) {
  QrCodes out{ocr::read_qr_codes(colour), 1};
  for (double s : {2.0, 3.0}) {
    if (!out.codes.empty() || colour.cols > 1600) break;
    cv::Mat larger;
    cv::resize(colour, larger, {}, s, s, cv::INTER_CUBIC);
    out.codes = ocr::read_qr_codes(larger);
    out.scale = s;
  }
  return out;
}

// The model of the shape whose QR payload one of the codes is, when exactly one model's fits.
const models::FormModel* model_by_qr(const QrCodes& qr, const std::string& shape) {
  for (const auto& code : qr.codes) {
    const models::FormModel* found = nullptr;
    int fitting = 0;
    for (const auto& m : models::form_models())
      if (m.shape == shape && m.qr && qr_identifies(code.text, *m.qr)) found = &m, ++fitting;
    if (fitting == 1) return found;
  }
  return nullptr;
}

// Whether a line reads as the grammar's value from one of its words in the zone to its end (a
// label before the value may be garbled beyond reading, and a long label puts the line's centre
// outside the value's zone).
bool value_in_zone(const std::vector<ocr::Line>& lines, const cv::Rect& zone, const std::string& grammar) {
  for (const auto& l : lines)
    for (std::size_t i = 0; i < l.words.size(); ++i) {
      if (!zone.contains((l.words[i].box.tl() + l.words[i].box.br()) / 2)) continue;
      std::string tail;
      for (std::size_t j = i; j < l.words.size(); ++j) tail.append(j > i ? " " : "").append(l.words[j].text);
      if (parse_value(grammar, tail).valid) return true;
    }
  return false;
}

}  // namespace

// The model of the shape whose fields' zones the lines fill best: the share of its zoned fields
// whose value is read in its zone. A card side is known by its number: a model competes only
// when its number's zone shows one (a name or an address reads out of almost any line). The best
// is taken when it shows most of its fields, clearly more than any other (the zones of two forms'
// fronts lie a line apart).
const models::FormModel* model_by_layout(const std::vector<ocr::Line>& lines, const std::string& shape, cv::Size image) {
  const models::FormModel* best = nullptr;
  double best_share = 0, second_share = 0;
  for (const auto& m : models::form_models()) {
    if (m.shape != shape) continue;
    int zoned = 0, shown = 0;
    bool number = false;
    for (const auto& f : m.fields) {
      if (!f.zone) continue;
      ++zoned;
      const bool in_zone = value_in_zone(lines, region_of(*f.zone, image), f.grammar);
      shown += in_zone;
      number = number || (in_zone && f.grammar == "id_number");
    }
    if (!number) continue;
    const double share = static_cast<double>(shown) / zoned;
    if (share > best_share) second_share = best_share, best_share = share, best = &m;
    else second_share = std::max(second_share, share);
  }
  return best_share >= kLayoutShare && best_share - second_share >= kLayoutMargin ? best : nullptr;
}

// The QR code read again on its zone cut straight from the scan. At 150-200 dpi its modules are
// 1.5-2 pixels, which the prepared crop's resampling and a further enlargement of it blur into
// each other: warped once from the scan, enlarged with Lanczos and sharpened, more of them read
// (of the 30 cards of three hard sets without a reading, 15 did in a trial).
std::optional<ocr::Barcode> read_qr_on_scan(const capture::PreparedDocument& d, const models::QrRule& rule, bool turned) {
  if (!rule.region || d.scan.empty()) return std::nullopt;
  const ToScan to_scan(d, 1, turned);
  const cv::Rect zone = region_of(*rule.region, d.colour.size());
  const cv::Mat scan_to_prepared = to_scan.homography().inv();
  for (double s : {4.0, 6.0}) {
    const cv::Mat zoom = (cv::Mat_<double>(3, 3) << s, 0, -s * zone.x, 0, s, -s * zone.y, 0, 0, 1);
    cv::Mat enlarged;
    cv::warpPerspective(d.scan, enlarged, zoom * scan_to_prepared, cv::Size(cvRound(zone.width * s), cvRound(zone.height * s)),
                        cv::INTER_LANCZOS4, cv::BORDER_REPLICATE);
    if (enlarged.channels() == 3) cv::cvtColor(enlarged, enlarged, cv::COLOR_BGR2GRAY);
    cv::Mat blurred;
    cv::GaussianBlur(enlarged, blurred, {0, 0}, 0.5 * s);
    cv::addWeighted(enlarged, 1.8, blurred, -0.8, 0, enlarged);  // unsharp mask
    for (auto& code : ocr::read_qr_codes(enlarged)) {
      if (qr_fields(code.text, rule).empty()) continue;
      const cv::Rect& b = code.box;
      code.box = to_scan(cv::Rect(zone.x + cvRound(b.x / s), zone.y + cvRound(b.y / s), cvRound(b.width / s), cvRound(b.height / s)));
      return code;
    }
  }
  return std::nullopt;
}

// The MRZ, read in its zone. The general English model reads OCR-B differently at each size
// (a filler run read as "K<K<", a digit doubled), so a zone whose check digits do not all verify is
// read again smaller, where strokes merge less, and the first reading that verifies is kept.
void read_mrz(DocumentReading& out, const OcrImage& img, const cv::Rect& zone, const ToScan& to_scan, ocr::EnginePool& engines,
              int today_year) {
  auto engine = engines.acquire(ocr::Profile::Mrz);
  for (double scale : {1.0, 0.83, 0.7}) {
    // (at full size through the engine's rectangle: a cut-out of the zone reads differently)
    cv::Mat smaller;
    if (scale != 1.0) cv::resize(img.grey(zone), smaller, {}, scale, scale, cv::INTER_AREA);
    const auto lines = scale == 1.0 ? engine->read(img.grey, ocr::Layout::Block, img.dpi, zone)
                                    : engine->read(smaller, ocr::Layout::Block, img.dpi * scale);
    std::vector<std::string> texts;
    cv::Rect box;
    for (const auto& l : lines) {
      const cv::Rect b = scale == 1.0 ? l.box
                                      : cv::Rect(zone.x + cvRound(l.box.x / scale), zone.y + cvRound(l.box.y / scale),
                                                 cvRound(l.box.width / scale), cvRound(l.box.height / scale));
      texts.push_back(l.text), box = box.area() ? (box | b) : b;
    }
    auto reading = read_td1(texts, today_year);
    const bool verified = reading && reading->all_ok();
    if (scale == 1.0 || verified) out.mrz = std::move(reading), out.mrz_lines = texts, out.mrz_box = to_scan(box);
    if (verified) return;
  }
}

DocumentReading read_document(const capture::PreparedDocument& d, ocr::EnginePool& engines, int today_year) {
  DocumentReading out;
  out.source = d.source, out.page = d.page, out.index = d.index, out.region = d.region;
  cv::Mat clean = d.clean, colour = d.colour;
  OcrImage img = ocr_image(d, clean);
  std::vector<ocr::Line> lines;
  {
    auto engine = engines.acquire(ocr::Profile::Text);
    lines = engine->read(img.grey, ocr::Layout::Auto, img.dpi);
    out.model = classify(lines, d.shape, &out.kind_score);
    if (!out.model) {
      // upside down after all (orientation is judged from the print's shape, which can fail on
      // a faint scan): the form's own words decide
      cv::Mat turned;
      cv::rotate(img.grey, turned, cv::ROTATE_180);
      auto again = engine->read(turned, ocr::Layout::Auto, img.dpi);
      double score = 0;
      if (const auto* m = classify(again, d.shape, &score); m && score > out.kind_score) {
        out.model = m, out.kind_score = score, lines = std::move(again), img.grey = turned, out.turned = 180;
        cv::rotate(clean, clean, cv::ROTATE_180);
        cv::rotate(colour, colour, cv::ROTATE_180);
      }
    }
  }
  // a faint document whose form shows fewer of its phrases, as long as one form stands out
  bool faint = false;
  if (!out.model) out.model = classify(lines, d.shape, &out.kind_score, 0.2), faint = out.model != nullptr;
  std::optional<QrCodes> qr;
  if (d.shape == "card" && (!out.model || faint)) {
    // a card whose print the OCR could hardly read (a 150-dpi photo): its QR code says which form
    // it is; else where its values are printed, which also overrules a form one garbled phrase
    // suggested (a 2021 front taken for a 2024 back by a "place of residence", hard seed 41 d0018)
    qr = read_qr(colour);
    const models::FormModel* coded = model_by_qr(*qr, d.shape);
    const models::FormModel* laid = coded ? nullptr : model_by_layout(lines, d.shape, img.grey.size());
    if (coded) out.model = coded;
    else if (laid && laid != out.model) out.model = laid, out.kind_by_layout = true;
  }
  const ToScan to_scan(d, img.scale, out.turned != 0);
  for (const auto& l : lines)
    for (const auto& w : l.words) {
      if (w.text.empty() || w.box.area() == 0) continue;
      ScanWord sw;
      sw.text = w.text, sw.confidence = w.confidence;
      const auto q = to_scan.quad(w.box);
      for (int i = 0; i < 4; ++i) sw.quad[i] = cv::Point2d(q[i].x, q[i].y);
      sw.box = cv::boundingRect(std::vector<cv::Point2f>(q.begin(), q.end()));
      out.words.push_back(std::move(sw));
    }
  out.lines = lines;
  if (!out.model) return out;
  out.kind = out.model->kind;
  out.form = read_form(*out.model, lines, img.grey.size());
  RedChannel red(colour, img.grey.size());
  read_codes_again(out.form, img.grey, red, lines, img.dpi, engines);
  read_dates_again(out.form, *out.model, lines, red, img.dpi, engines);
  read_zones(out.form, *out.model, img.grey, img.dpi, engines);
  for (auto& [path, r] : out.form.fields) r.box = to_scan(r.box);
  if (out.model->qr) {
    if (!qr) qr = read_qr(colour);
    if (!qr->codes.empty()) out.qr = qr->codes.front().text, out.qr_box = ToScan(d, qr->scale, out.turned != 0)(qr->codes.front().box);
    else if (const auto code = read_qr_on_scan(d, *out.model->qr, out.turned != 0)) out.qr = code->text, out.qr_box = code->box;
  }
  if (out.model->mrz_region) read_mrz(out, img, region_of(*out.model->mrz_region, img.grey.size()), to_scan, engines, today_year);
  return out;
}

}  // namespace sohoa::extract

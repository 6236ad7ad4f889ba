// ID cards: the chip CCCD (2021) and the căn cước (2024), front and back, ID-1 size.
#include <opencv2/imgproc.hpp>

#include "tools/synth/forms.hpp"
#include "tools/synth/forms_common.hpp"
#include "tools/synth/ornaments.hpp"

namespace sohoa::synth {
namespace {

const Style kLabel{Face::Sans, 5.2}, kValue{Face::SansBold, 6.4};

void card_background(Sheet& s, Rng& rng, cv::Scalar print) {
  guilloche(s, rng, print, 0.35, 1.3);
  rosette(s, rng, {s.size_mm.width * 0.62, s.size_mm.height * 0.55}, 16, print, 0.4);
}

void card_header(Sheet& s, Fonts& f, double cx, const char* title, const char* subtitle) {
  s.text(f, {Face::SerifBold, 6.3}, cx, 5.2, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Sheet::Align::Centre);
  s.text(f, {Face::SerifBold, 6.0}, cx, 8.4, "Độc lập - Tự do - Hạnh phúc", Sheet::Align::Centre);
  s.text(f, {Face::SansBold, 9.5, ink::red}, cx, 13.4, title, Sheet::Align::Centre);
  s.text(f, {Face::Sans, 5.0}, cx, 16.0, subtitle, Sheet::Align::Centre);
}

void mrz_zone(Sheet& s, Fonts& f, const Person& p, double top) {
  cv::rectangle(s.image, cv::Rect(0, s.px(top), s.image.cols, s.image.rows - s.px(top)), cv::Scalar(244, 244, 242), cv::FILLED);
  const auto lines = p.mrz();
  for (int i = 0; i < 3; ++i) s.field("mrz", f, {Face::Ocrb, 10.2}, 5.2, top + 4.6 + i * 4.6, lines[i]);
}

Sheet cccd2021_front(const Person& p, int doc, Fonts& f, Rng& rng, double dpi) {
  Sheet s("cccd_2021_front", doc, kCard, dpi, cv::Scalar(236, 242, 246));
  card_background(s, rng, cv::Scalar(215, 200, 165));
  emblem(s, {7.5, 8.5}, 5.5);
  card_header(s, f, 44, "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card");
  qr_code(s, p.qr_payload(), {71.5, 2.2}, 12.5);
  photo(s, rng, {3, 17.5, 19, 24.5});
  const double x = 24.5, right = 84;
  Line(s, f, x, 21).add(kLabel, "Số / No.: ").add({Face::SansBold, 9.5, ink::black}, p.id12, "id_number");
  s.text(f, kLabel, x, 24.8, "Họ và tên / Full name:");
  s.field("full_name", f, {Face::SansBold, 7.8}, x, 28.6, p.card_name());
  Line(s, f, x, 32.2).add(kLabel, "Ngày sinh / Date of birth: ").add(kValue, p.birth.dmy(), "date_of_birth");
  Line(s, f, x, 35.6).add(kLabel, "Giới tính / Sex: ").add(kValue, p.sex(), "sex");
  Line(s, f, 55, 35.6).add(kLabel, "Quốc tịch / Nationality: ").add(kValue, "Việt Nam", "nationality");
  s.text(f, kLabel, x, 39.0, "Quê quán / Place of origin:");
  double y = s.labelled(f, x, 42.3, right, kLabel, "", kValue, p.origin.brief(), "place_of_origin", 3.3, x);
  s.labelled(f, x, y + 0.2, right, kLabel, "Nơi thường trú / Place of residence: ", kValue, p.residence.brief(),
             "place_of_residence", 3.3, x);
  s.text(f, {Face::Sans, 4.4}, 3, 45.2, "Có giá trị đến:");
  s.text(f, {Face::Sans, 4.0}, 3, 47.4, "Date of expiry");
  s.field("date_of_expiry", f, {Face::SansBold, 5.6}, 3, 50.6, p.card_expiry ? p.card_expiry->dmy() : "Không thời hạn");
  return s;
}

Sheet cccd2021_back(const Person& p, int doc, const std::string& official, Fonts& f, Rng& rng, double dpi) {
  Sheet s("cccd_2021_back", doc, kCard, dpi, cv::Scalar(236, 242, 246));
  card_background(s, rng, cv::Scalar(215, 200, 165));
  s.text(f, kLabel, 3, 4.6, "Đặc điểm nhân dạng / Personal identification:");
  s.labelled(f, 3, 7.8, 52, kLabel, "", {Face::Sans, 5.6}, p.feature, "", 3.0, 3);
  Line(s, f, 3, 14.2).add(kLabel, "Ngày, tháng, năm / Date, month, year: ").add(kValue, p.card_issue.dmy(), "date_of_issue");
  s.text(f, {Face::SansBold, 4.8}, 27, 17.8, "CỤC TRƯỞNG CỤC CẢNH SÁT", Sheet::Align::Centre);
  s.text(f, {Face::SansBold, 4.8}, 27, 20.4, "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI", Sheet::Align::Centre);
  signature(s, rng, {15, 21, 26, 7});
  seal(s, f, rng, {17, 25.5}, 5.5, "BỘ CÔNG AN");
  s.text(f, {Face::SansBold, 5.6}, 27, 31.4, official, Sheet::Align::Centre);
  for (int i = 0; i < 2; ++i) {
    const double x = 56 + i * 14.5;
    frame(s, {x, 2.5, 13, 17}, ink::grey, 0.2);
    s.text(f, {Face::Sans, 3.6}, x + 6.5, 22.3, i ? "Ngón trỏ phải" : "Ngón trỏ trái", Sheet::Align::Centre);
    for (int r = 0; r < 7; ++r)
      cv::ellipse(s.image, s.px(x + 6.5, 11), cv::Size(s.px(1.2 + r * 0.7), s.px(1.8 + r * 0.95)), 0, 0, 360,
                  cv::Scalar(150, 150, 150), std::max(1, s.px(0.18)), cv::LINE_AA);
  }
  chip(s, {62, 24.5, 10, 8});
  mrz_zone(s, f, p, 35.5);
  return s;
}

Sheet cancuoc2024_front(const Person& p, int doc, Fonts& f, Rng& rng, double dpi) {
  Sheet s("cancuoc_2024_front", doc, kCard, dpi, cv::Scalar(242, 236, 232));
  card_background(s, rng, cv::Scalar(225, 190, 200));
  emblem(s, {7.5, 8.5}, 5.5);
  card_header(s, f, 46, "CĂN CƯỚC", "IDENTITY CARD");
  photo(s, rng, {3, 16.5, 18, 23});
  chip(s, {6, 42, 11, 8.5});
  const double x = 23.5;
  s.text(f, {Face::Sans, 4.8}, x, 20.2, "Số định danh cá nhân / Personal identification number:");
  s.field("id_number", f, {Face::SansBold, 9.5}, x, 24.4, p.id12);
  s.text(f, {Face::Sans, 4.6}, x, 28.0, "Họ, chữ đệm và tên khai sinh / Surname, middle name and given name:");
  s.field("full_name", f, {Face::SansBold, 7.6}, x, 31.8, p.card_name());
  Line(s, f, x, 35.6).add(kLabel, "Ngày, tháng, năm sinh / Date of birth: ").add(kValue, p.birth.dmy(), "date_of_birth");
  Line(s, f, x, 39.2).add(kLabel, "Giới tính / Sex: ").add(kValue, p.sex(), "sex");
  Line(s, f, x, 42.8).add(kLabel, "Quốc tịch / Nationality: ").add(kValue, "Việt Nam", "nationality");
  return s;
}

Sheet cancuoc2024_back(const Person& p, int doc, Fonts& f, Rng& rng, double dpi) {
  Sheet s("cancuoc_2024_back", doc, kCard, dpi, cv::Scalar(242, 236, 232));
  card_background(s, rng, cv::Scalar(225, 190, 200));
  const double right = 66;
  s.text(f, kLabel, 3, 4.6, "Nơi cư trú / Place of residence:");
  double y = s.labelled(f, 3, 7.9, right, kLabel, "", kValue, p.residence.formal_caps(), "place_of_residence", 3.1, 3);
  s.text(f, kLabel, 3, y + 0.4, "Nơi đăng ký khai sinh / Place of birth:");
  y = s.labelled(f, 3, y + 3.7, right, kLabel, "", kValue, p.origin.formal_caps(), "place_of_birth", 3.1, 3);
  Line(s, f, 3, y + 0.6).add(kLabel, "Ngày, tháng, năm cấp / Date of issue: ").add(kValue, p.card_issue.dmy(), "date_of_issue");
  Line(s, f, 3, y + 4.0).add(kLabel, "Ngày, tháng, năm hết hạn / Date of expiry: ")
      .add(kValue, p.card_expiry ? p.card_expiry->dmy() : "Không thời hạn", "date_of_expiry");
  qr_code(s, p.qr_payload(), {69.5, 2.5}, 14);
  s.text(f, {Face::SansBold, 5.0}, 76.5, 21.5, "BỘ CÔNG AN", Sheet::Align::Centre);
  s.text(f, {Face::Sans, 3.6}, 76.5, 23.8, "MINISTRY OF PUBLIC SECURITY", Sheet::Align::Centre);
  seal(s, f, rng, {76.5, 29.5}, 4.8, "BỘ CÔNG AN");
  mrz_zone(s, f, p, 35.5);
  return s;
}

}  // namespace

Sheet render_card_side(const DossierSpec& d, const std::string& kind, int person, Fonts& f, Rng& rng, double dpi) {
  const Person& p = d.people.at(person);
  const int doc = person + 1;
  if (kind == "cccd_2021_front") return cccd2021_front(p, doc, f, rng, dpi);
  if (kind == "cccd_2021_back") return cccd2021_back(p, doc, "Tô Văn Huệ", f, rng, dpi);
  if (kind == "cancuoc_2024_front") return cancuoc2024_front(p, doc, f, rng, dpi);
  return cancuoc2024_back(p, doc, f, rng, dpi);
}

}  // namespace sohoa::synth

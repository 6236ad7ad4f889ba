// The land-use-right certificates: the 2014 form (Circular 23/2014/TT-BTNMT), pages 1 to 3, and
// the 2024 form (Circular 10/2024/TT-BTNMT), one A4 sheet.
#include <opencv2/imgproc.hpp>

#include "core/number_words.hpp"
#include "core/text.hpp"
#include "tools/synth/forms.hpp"
#include "tools/synth/forms_common.hpp"
#include "tools/synth/ornaments.hpp"

namespace sohoa::synth {
namespace {

const cv::Scalar kPinkPaper(240, 236, 252), kPinkPrint(205, 165, 245);

void certificate_paper(Sheet& s, Rng& rng) {
  guilloche(s, rng, kPinkPrint, 0.35, 2.4);
  rosette(s, rng, {s.size_mm.width / 2, s.size_mm.height * 0.55}, s.size_mm.width * 0.3, kPinkPrint, 0.45);
}

void national_header(Sheet& s, Fonts& f, double centre_x, double y) {
  const Style bold{Face::SerifBold, 13};
  s.text(f, bold, centre_x, y, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", Sheet::Align::Centre);
  const cv::Rect r = s.text(f, bold, centre_x, y + 6, "Độc lập - Tự do - Hạnh phúc", Sheet::Align::Centre);
  cv::line(s.image, {r.x, r.y + r.height + 2}, {r.x + r.width, r.y + r.height + 2}, ink::black, std::max(1, s.px(0.25)));
}

// The place and date line, issuer, signature, seal and signer, centred on centre_x from y.
void signature_block(Sheet& s, Fonts& f, Rng& rng, const DossierSpec& d, double centre_x, double y) {
  const Certificate& c = d.certificate;
  const Style italic{Face::SerifItalic, 12};
  const std::string place = c.parcel_place.district + ", ";
  const std::string date = c.date_phrase();
  const double w = s.text_width_mm(f, italic, place + date);
  Line(s, f, centre_x - w / 2, y).add(italic, place).add(italic, date, "issue_date");
  double yy = y + 7;
  for (const auto& line : c.issuer) {
    s.text(f, {Face::SerifBold, 12}, centre_x, yy, line, Sheet::Align::Centre);
    yy += 5.5;
  }
  signature(s, rng, {centre_x - 22, yy, 44, 16});
  // The seal sits over the left of the signature; on hard sets it is pressed over the date line.
  const cv::Point2d seal_at = d.hard && rng.chance(0.5) ? cv::Point2d(centre_x - w / 4, y - 2)
                                                        : cv::Point2d(centre_x - 14, yy + 4);
  seal(s, f, rng, seal_at, 17, "ỦY BAN NHÂN DÂN " + upper_vi(c.parcel_place.district));
  s.text(f, {Face::SerifBold, 12}, centre_x, yy + 26, c.signer, Sheet::Align::Centre);
}

Sheet gcn2014_page1(const DossierSpec& d, Fonts& f, Rng& rng, double dpi) {
  Sheet s("gcn_2014_page1", 0, kGcn2014Page, dpi, kPinkPaper);
  certificate_paper(s, rng);
  const double cx = 95, left = 16, right = 176;
  national_header(s, f, cx, 20);
  emblem(s, {cx, 46}, 12);
  const Style red_title{Face::SerifBold, 24, ink::red};
  s.text(f, red_title, cx, 78, "GIẤY CHỨNG NHẬN", Sheet::Align::Centre);
  s.text(f, {Face::SerifBold, 14, ink::red}, cx, 87, "QUYỀN SỬ DỤNG ĐẤT", Sheet::Align::Centre);
  s.text(f, {Face::SerifBold, 13, ink::red}, cx, 94, "QUYỀN SỞ HỮU NHÀ Ở VÀ TÀI SẢN KHÁC GẮN LIỀN VỚI ĐẤT", Sheet::Align::Centre);
  const Style body{Face::Serif, 12}, bold{Face::SerifBold, 12};
  double y = s.labelled(f, left, 112, right, bold, "", bold,
                        "I. Người sử dụng đất, chủ sở hữu nhà ở và tài sản khác gắn liền với đất", "", 6.5, left);
  y += 2;
  const Certificate& c = d.certificate;
  for (std::size_t i = 0; i < c.owners.size(); ++i) {
    const Owner& o = c.owners[i];
    const Person& p = d.people.at(o.person);
    const std::string at = "owners[" + std::to_string(i) + "].";
    Line(s, f, left, y).add(body, o.title, at + "title").add(body, ": ").add(bold, p.name, at + "name")
        .add(body, ",   Năm sinh: ").add(body, std::to_string(p.birth.year), at + "birth_year");
    y += 7;
    Line(s, f, left, y).add(body, o.id_type, at + "id_type").add(body, " số: ").add(body, o.id_number, at + "id_number");
    y += 7;
    y = s.labelled(f, left, y, right, body, "Địa chỉ thường trú: ", body, p.residence.formal(), at + "address", 7, left);
    y += 3;
  }
  s.field("serial", f, {Face::SansBold, 15, ink::red}, right, 252, c.serial, Sheet::Align::Right);
  return s;
}

Sheet gcn2014_page2(const DossierSpec& d, Fonts& f, Rng& rng, double dpi) {
  Sheet s("gcn_2014_page2", 0, kGcn2014Page, dpi, kPinkPaper);
  certificate_paper(s, rng);
  const Certificate& c = d.certificate;
  const double left = 16, right = 176, line = 7;
  const Style body{Face::Serif, 12}, bold{Face::SerifBold, 12};
  double y = s.labelled(f, left, 22, right, bold, "", bold, "II. Thửa đất, nhà ở và tài sản khác gắn liền với đất", "", line, left);
  s.text(f, bold, left, y, "1. Thửa đất:");
  y += line;
  Line(s, f, left, y).add(body, "a) Thửa đất số: ").add(body, c.parcel_number, "parcel.number")
      .add(body, ";   tờ bản đồ số: ").add(body, c.map_sheet, "parcel.map_sheet");
  y += line;
  y = s.labelled(f, left, y, right, body, "b) Địa chỉ: ", body, c.parcel_place.formal(), "parcel.address", line, left + 4);
  Line(s, f, left, y).add(body, "c) Diện tích: ").add(body, c.area.printed(), "parcel.area_m2").add(body, " m², ");
  y += line;
  y = s.labelled(f, left + 4, y, right, body, "(bằng chữ: ", body, vi_area_words(c.area) + ")", "", line, left + 4);
  y = s.labelled(f, left, y, right, body, "d) Hình thức sử dụng: ", body, c.use_form, "parcel.use_form", line, left + 4);
  if (c.purposes.size() == 1) {
    Line(s, f, left, y).add(body, "đ) Mục đích sử dụng: ").add(body, c.purposes[0].name, "parcel.purposes[0].name");
    y += line;
  } else {
    s.text(f, body, left, y, "đ) Mục đích sử dụng:");
    y += line;
    for (std::size_t i = 0; i < c.purposes.size(); ++i) {
      const std::string at = "parcel.purposes[" + std::to_string(i) + "].";
      Line(s, f, left + 6, y).add(body, "- ").add(body, c.purposes[i].name, at + "name").add(body, ": ")
          .add(body, c.purposes[i].area.printed(), at + "area_m2").add(body, " m²");
      y += line;
    }
  }
  y = s.labelled(f, left, y, right, body, "e) Thời hạn sử dụng: ", body, c.term, "parcel.term", line, left + 4);
  y = s.labelled(f, left, y, right, body, "g) Nguồn gốc sử dụng: ", body, c.origin, "parcel.origin", line, left + 4);
  for (const char* item : {"2. Nhà ở: -/-", "3. Công trình xây dựng khác: -/-", "4. Rừng sản xuất là rừng trồng: -/-",
                           "5. Cây lâu năm: -/-", "6. Ghi chú: -/-"}) {
    s.text(f, body, left, y, item);
    y += line;
  }
  signature_block(s, f, rng, d, 122, std::max(y + 6, 168.0));
  // The registry number is often written in by hand.
  const bool by_hand = d.hard && rng.chance(0.6);
  Line registry(s, f, left, 250);
  registry.add(body, "Số vào sổ cấp GCN: ");
  if (by_hand) handwritten(s, f, rng, registry.x_mm() + 1, 250, c.registry_number, "registry_number");
  else registry.add(bold, c.registry_number, "registry_number");
  return s;
}

Sheet gcn2014_page3(const DossierSpec&, Fonts& f, Rng& rng, double dpi) {
  Sheet s("gcn_2014_page3", 0, kGcn2014Page, dpi, kPinkPaper);
  certificate_paper(s, rng);
  const double left = 16, right = 176;
  const Style bold{Face::SerifBold, 12}, body{Face::Serif, 11};
  double y = s.labelled(f, left, 22, right, bold, "", bold, "III. Sơ đồ thửa đất, nhà ở và tài sản khác gắn liền với đất", "", 6.5, left);
  // parcel diagram: an irregular quadrilateral with edge lengths
  std::vector<cv::Point2d> corners = {{50 + rng.uniform(-6, 6), y + 12}, {140 + rng.uniform(-6, 6), y + 8 + rng.uniform(0, 8)},
                                      {135 + rng.uniform(-6, 6), y + 80}, {45 + rng.uniform(-6, 6), y + 74}};
  std::vector<cv::Point> px;
  for (auto& p : corners) px.push_back(s.px(p.x, p.y));
  cv::polylines(s.image, px, true, ink::black, std::max(1, s.px(0.4)), cv::LINE_AA);
  for (int i = 0; i < 4; ++i) {
    const auto a = corners[i], b = corners[(i + 1) % 4];
    char len[16];
    std::snprintf(len, sizeof len, "%.2f", cv::norm(a - b) / 5.0);
    s.text(f, body, (a.x + b.x) / 2 + 2, (a.y + b.y) / 2 - 1, len);
  }
  s.text(f, bold, 160, y + 8, "N", Sheet::Align::Centre);
  cv::arrowedLine(s.image, s.px(160, y + 24), s.px(160, y + 11), ink::black, std::max(1, s.px(0.35)), cv::LINE_AA);
  y += 96;
  y = s.labelled(f, left, y, right, bold, "", bold, "IV. Những thay đổi sau khi cấp Giấy chứng nhận", "", 6.5, left);
  const double top = y, col = 110, bottom = 250;
  frame(s, {left, top, right - left, bottom - top}, ink::black, 0.3);
  cv::line(s.image, s.px(col, top), s.px(col, bottom), ink::black, std::max(1, s.px(0.3)));
  cv::line(s.image, s.px(left, top + 12), s.px(right, top + 12), ink::black, std::max(1, s.px(0.3)));
  s.text(f, {Face::SerifBold, 10.5}, (left + col) / 2, top + 5, "Nội dung thay đổi và cơ sở pháp lý", Sheet::Align::Centre);
  s.text(f, {Face::SerifBold, 10.5}, (col + right) / 2, top + 5, "Xác nhận của cơ quan", Sheet::Align::Centre);
  s.text(f, {Face::SerifBold, 10.5}, (col + right) / 2, top + 9.5, "có thẩm quyền", Sheet::Align::Centre);
  return s;
}

Sheet gcn2024(const DossierSpec& d, Fonts& f, Rng& rng, double dpi) {
  Sheet s("gcn_2024", 0, kA4, dpi, cv::Scalar(238, 240, 250));
  guilloche(s, rng, cv::Scalar(215, 190, 240), 0.3, 2.6);
  const Certificate& c = d.certificate;
  const double cx = 105, left = 18, right = 192, line = 6.8;
  national_header(s, f, cx, 18);
  qr_code(s, c.qr_payload, {170, 8}, 24);
  emblem(s, {32, 22}, 10);
  s.text(f, {Face::SerifBold, 22, ink::red}, cx, 46, "GIẤY CHỨNG NHẬN", Sheet::Align::Centre);
  s.text(f, {Face::SerifBold, 12.5, ink::red}, cx, 54, "QUYỀN SỬ DỤNG ĐẤT, QUYỀN SỞ HỮU TÀI SẢN GẮN LIỀN VỚI ĐẤT", Sheet::Align::Centre);
  const Style body{Face::Serif, 12}, bold{Face::SerifBold, 12};
  double y = 68;
  s.text(f, bold, left, y, "1. Người sử dụng đất, chủ sở hữu tài sản gắn liền với đất:");
  y += line;
  for (std::size_t i = 0; i < c.owners.size(); ++i) {
    const Owner& o = c.owners[i];
    const std::string at = "owners[" + std::to_string(i) + "].";
    const std::string printed_type = o.id_type == "CC" ? "Căn cước" : o.id_type;
    Line(s, f, left + 4, y).add(body, o.title, at + "title").add(body, " ").add(bold, d.people.at(o.person).name, at + "name")
        .add(body, ", ").add(body, printed_type, at + "id_type").add(body, " số: ").add(body, o.id_number, at + "id_number");
    y += line;
  }
  s.text(f, bold, left, y, "2. Thông tin thửa đất:");
  y += line;
  Line(s, f, left + 4, y).add(body, "a) Thửa đất số: ").add(body, c.parcel_number, "parcel.number")
      .add(body, ";   Tờ bản đồ số: ").add(body, c.map_sheet, "parcel.map_sheet");
  y += line;
  Line(s, f, left + 4, y).add(body, "b) Diện tích: ").add(body, c.area.printed(), "parcel.area_m2").add(body, " m²");
  y += line;
  y = s.labelled(f, left + 8, y, right, body, "(Bằng chữ: ", body, vi_area_words(c.area) + ")", "", line, left + 8);
  s.text(f, body, left + 4, y, "c) Loại đất:");
  y += line;
  for (std::size_t i = 0; i < c.purposes.size(); ++i) {
    const std::string at = "parcel.purposes[" + std::to_string(i) + "].";
    Line(s, f, left + 10, y).add(body, "- ").add(body, c.purposes[i].name, at + "name").add(body, " (")
        .add(body, c.purposes[i].code, at + "code").add(body, "): ").add(body, c.purposes[i].area.printed(), at + "area_m2").add(body, " m²");
    y += line;
  }
  s.text(f, body, left + 4, y, "d) Thời hạn sử dụng đất:");
  y += line;
  for (std::size_t i = 0; i < c.purposes.size(); ++i) {
    const std::string at = "parcel.purposes[" + std::to_string(i) + "].";
    Line(s, f, left + 10, y).add(body, "- " + c.purposes[i].name + ": ").add(body, c.purposes[i].term, at + "term");
    y += line;
  }
  y = s.labelled(f, left + 4, y, right, body, "đ) Hình thức sử dụng: ", body, c.use_form, "parcel.use_form", line, left + 8);
  y = s.labelled(f, left + 4, y, right, body, "e) Địa chỉ: ", body, c.parcel_place.formal(), "parcel.address", line, left + 8);
  s.text(f, bold, left, y, "3. Thông tin tài sản gắn liền với đất: -/-");
  y += line;
  s.text(f, bold, left, y, "4. Ghi chú: -/-");
  y += line;
  s.text(f, bold, left, y, "5. Sơ đồ thửa đất:");
  frame(s, {left + 4, y + 4, 70, 50}, ink::black, 0.3);
  std::vector<cv::Point> parcel = {s.px(left + 16, y + 14), s.px(left + 60, y + 12), s.px(left + 62, y + 46), s.px(left + 14, y + 44)};
  cv::polylines(s.image, parcel, true, ink::black, std::max(1, s.px(0.4)), cv::LINE_AA);
  signature_block(s, f, rng, d, 145, y + 6);
  s.field("serial", f, {Face::SansBold, 13, ink::red}, left, 285, c.serial);
  return s;
}

}  // namespace

Sheet render_certificate_side(const DossierSpec& d, const std::string& kind, Fonts& f, Rng& rng, double dpi) {
  Sheet s = kind == "gcn_2014_page1"   ? gcn2014_page1(d, f, rng, dpi)
            : kind == "gcn_2014_page2" ? gcn2014_page2(d, f, rng, dpi)
            : kind == "gcn_2014_page3" ? gcn2014_page3(d, f, rng, dpi)
                                       : gcn2024(d, f, rng, dpi);
  if (d.hard && rng.chance(0.4)) age_paper(s, rng);
  return s;
}

}  // namespace sohoa::synth

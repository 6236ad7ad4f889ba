// Reading a card's QR code at the resolutions phones, copiers and card scanners give it.
#include <catch2/catch.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include "extract/read_document.hpp"
#include "models/forms.hpp"

using namespace sohoa;

namespace {

constexpr double kMmPerInch = 25.4;

// A 2021 card's front drawn at 600 dpi: its QR code 12.5 mm wide at 71.5 mm, 2.2 mm (zxing's writer).
cv::Mat card_with_qr(const std::string& payload, double dpi) {
  const auto matrix = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::QRCode).setEncoding(ZXing::CharacterSet::UTF8).setMargin(0).encode(payload, 0, 0);
  cv::Mat card(cvRound(54 / kMmPerInch * dpi), cvRound(85.6 / kMmPerInch * dpi), CV_8UC1, cv::Scalar(215));
  const int n = matrix.width();
  const double module = dpi / kMmPerInch * 12.5 / (n + 2);
  const cv::Point origin(cvRound(71.5 / kMmPerInch * dpi), cvRound(2.2 / kMmPerInch * dpi));
  cv::rectangle(card, cv::Rect(origin.x, origin.y, cvRound(module * (n + 2)), cvRound(module * (n + 2))), cv::Scalar(250), cv::FILLED);
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x)
      if (matrix.get(x, y))
        cv::rectangle(card, cv::Point(origin.x + static_cast<int>((x + 1) * module), origin.y + static_cast<int>((y + 1) * module)),
                      cv::Point(origin.x + static_cast<int>((x + 2) * module) - 1, origin.y + static_cast<int>((y + 2) * module) - 1),
                      cv::Scalar(25), cv::FILLED);
  return card;
}

}  // namespace

TEST_CASE("a card QR on a 150 dpi photocopy reads on its zone cut from the scan", "[qr]") {
  const std::string payload = "079203001234|191234567|NGUYỄN THỊ THU HƯƠNG|12031992|Nữ|Số 12 ngõ 34, Phường Quang Trung, Quận Hà Đông, Hà Nội|15062021";
  const cv::Mat card = card_with_qr(payload, 600);
  // on the copier's glass 5 degrees askew, at 150 dpi; contrasty grey, JPEG quality 40
  const double factor = 150.0 / 600;
  const cv::Size page(cvRound(card.cols * factor * 1.3), cvRound(card.rows * factor * 1.6));
  cv::Mat to_page = cv::getRotationMatrix2D(cv::Point2f(static_cast<float>(card.cols) / 2, static_cast<float>(card.rows) / 2), 5, factor);
  to_page.at<double>(0, 2) += (page.width - card.cols) / 2.0;
  to_page.at<double>(1, 2) += (page.height - card.rows) / 2.0;
  cv::Mat scan;
  cv::warpAffine(card, scan, to_page, page, cv::INTER_AREA, cv::BORDER_CONSTANT, cv::Scalar(235));
  scan.convertTo(scan, CV_8U, 1.5, -75);
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", scan, jpeg, {cv::IMWRITE_JPEG_QUALITY, 40});
  scan = cv::imdecode(jpeg, cv::IMREAD_GRAYSCALE);

  capture::PreparedDocument d;
  const std::vector<cv::Point2f> card_corners = {{0, 0}, {float(card.cols), 0}, {float(card.cols), float(card.rows)}, {0, float(card.rows)}};
  std::vector<cv::Point2f> on_scan;
  cv::transform(card_corners, on_scan, to_page);
  for (int i = 0; i < 4; ++i) d.corners[i] = cv::Point2d(on_scan[i].x, on_scan[i].y);
  const cv::Size prepared(cvRound(card.cols * factor), cvRound(card.rows * factor));
  const std::vector<cv::Point2f> upright = {{0, 0}, {float(prepared.width), 0}, {float(prepared.width), float(prepared.height)}, {0, float(prepared.height)}};
  cv::warpPerspective(scan, d.colour, cv::getPerspectiveTransform(on_scan, upright), prepared, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  d.scan = scan;

  // the prepared crop, as it is and enlarged 2x and 3x, gives nothing
  CHECK(ocr::read_qr_codes(d.colour).empty());
  for (double s : {2.0, 3.0}) {
    cv::Mat larger;
    cv::resize(d.colour, larger, {}, s, s, cv::INTER_CUBIC);
    CHECK(ocr::read_qr_codes(larger).empty());
  }
  models::QrRule rule;
  rule.fields = {"id_number", "old_id_number", "full_name:upper", "date_of_birth:ddmmyyyy", "sex", "place_of_residence", "date_of_issue:ddmmyyyy"};
  CHECK_FALSE(extract::read_qr_on_scan(d, rule, false));  // no region: no second attempt
  rule.region = std::array<double, 4>{0.78, 0, 0.22, 0.36};
  const auto code = extract::read_qr_on_scan(d, rule, false);
  REQUIRE(code);
  CHECK(code->text == payload);
  // its box lies on the QR code's place on the scan
  const double centre_mm[] = {71.5 + 12.5 / 2, 2.2 + 12.5 / 2};
  std::vector<cv::Point2f> centre;
  cv::transform(std::vector<cv::Point2f>{{float(centre_mm[0] / kMmPerInch * 600), float(centre_mm[1] / kMmPerInch * 600)}}, centre, to_page);
  const cv::Point2f box_centre(static_cast<float>(code->box.x + code->box.width / 2), static_cast<float>(code->box.y + code->box.height / 2));
  CHECK(cv::norm(box_centre - centre[0]) < 15);
}

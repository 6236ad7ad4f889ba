#include "ocr/barcode.hpp"

#include <algorithm>

#include <opencv2/imgproc.hpp>
#include <ZXing/ReadBarcode.h>

#include "core/text.hpp"

namespace sohoa::ocr {

std::vector<Barcode> read_qr_codes(const cv::Mat& image) {
  cv::Mat grey;
  if (image.channels() == 3) cv::cvtColor(image, grey, cv::COLOR_BGR2GRAY);
  else grey = image;
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode).setTryHarder(true).setTryRotate(true);
  std::vector<Barcode> out;
  const ZXing::ImageView view(grey.data, grey.cols, grey.rows, ZXing::ImageFormat::Lum, static_cast<int>(grey.step));
  for (const auto& r : ZXing::ReadBarcodes(view, hints)) {
    if (!r.isValid()) continue;
    Barcode b;
    b.text = nfc(r.text());
    int x0 = grey.cols, y0 = grey.rows, x1 = 0, y1 = 0;
    for (const auto& p : r.position()) {
      x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
    }
    b.box = cv::Rect(x0, y0, std::max(0, x1 - x0), std::max(0, y1 - y0));
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace sohoa::ocr

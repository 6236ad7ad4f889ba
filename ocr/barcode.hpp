// Decoding the QR codes printed on ID cards and 2024 certificates (zxing-cpp): a decoded code is
// an independent reading of the fields it carries.
#pragma once
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace sohoa::ocr {

struct Barcode {
  std::string text;  // the payload as UTF-8, NFC
  cv::Rect box;      // in image coordinates
};

// Every QR code found on the 8-bit grey (or BGR) image.
std::vector<Barcode> read_qr_codes(const cv::Mat& image);

}  // namespace sohoa::ocr

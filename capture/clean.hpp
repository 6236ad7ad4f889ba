// The image OCR reads: grey, even background, the certificates' pink guilloche and the cards'
// patterned backgrounds washed out, blue signatures and light red stamps dropped, black and
// solid red print kept dark. The colour original is kept separately for the PDF and the clerk.
#pragma once
#include <opencv2/core.hpp>

namespace sohoa::capture {

cv::Mat clean_for_ocr(const cv::Mat& image);  // 8-bit grey or BGR in, 8-bit grey out

}  // namespace sohoa::capture

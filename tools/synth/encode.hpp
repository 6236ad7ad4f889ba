// Image files as scanners write them: JPEG with the resolution in its JFIF header, PNG with a
// pHYs chunk. OpenCV writes neither, so the bytes are completed here.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace sohoa::synth {

// format: "jpg" or "png"; quality for JPEG (1..100).
std::vector<unsigned char> encode_scan(const cv::Mat& image, const std::string& format, int quality,
                                       std::optional<int> dpi);

}  // namespace sohoa::synth

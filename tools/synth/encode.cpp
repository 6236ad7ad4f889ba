#include "tools/synth/encode.hpp"

#include <zlib.h>

#include <opencv2/imgcodecs.hpp>
#include <stdexcept>

namespace sohoa::synth {
namespace {

void put_be32(std::vector<unsigned char>& out, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<unsigned char>(v >> (24 - 8 * i));
}

}  // namespace

std::vector<unsigned char> encode_scan(const cv::Mat& image, const std::string& format, int quality,
                                       std::optional<int> dpi) {
  std::vector<unsigned char> out;
  if (format == "jpg") {
    if (!cv::imencode(".jpg", image, out, {cv::IMWRITE_JPEG_QUALITY, quality})) throw std::runtime_error("JPEG encoding failed");
    // JFIF APP0: FF D8 FF E0 len(2) "JFIF\0" version(2) units(1) Xdensity(2) Ydensity(2)
    if (dpi && out.size() > 18 && out[2] == 0xFF && out[3] == 0xE0 && std::equal(out.begin() + 6, out.begin() + 11, "JFIF")) {
      out[13] = 1;  // dots per inch
      out[14] = out[16] = static_cast<unsigned char>(*dpi >> 8);
      out[15] = out[17] = static_cast<unsigned char>(*dpi & 0xFF);
    }
    return out;
  }
  if (format != "png") throw std::invalid_argument("unknown scan format " + format);
  if (!cv::imencode(".png", image, out, {cv::IMWRITE_PNG_COMPRESSION, 6})) throw std::runtime_error("PNG encoding failed");
  if (dpi) {
    // pHYs after IHDR (8-byte signature + 25-byte IHDR chunk): pixels per metre, unit 1
    std::vector<unsigned char> chunk(21);
    put_be32(chunk, 0, 9);
    std::copy_n("pHYs", 4, chunk.begin() + 4);
    const auto ppm = static_cast<std::uint32_t>(*dpi / 0.0254 + 0.5);
    put_be32(chunk, 8, ppm);
    put_be32(chunk, 12, ppm);
    chunk[16] = 1;
    put_be32(chunk, 17, static_cast<std::uint32_t>(crc32(0L, chunk.data() + 4, 13)));
    out.insert(out.begin() + 33, chunk.begin(), chunk.end());
  }
  return out;
}

}  // namespace sohoa::synth

#include "capture/page_file.hpp"

#include <cmath>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <stdexcept>

namespace sohoa::capture {

void write_page_jpeg(const ScanPage& page, const std::filesystem::path& file, int quality) {
  std::vector<unsigned char> bytes;
  if (page.image.empty() || !cv::imencode(".jpg", page.image, bytes, {cv::IMWRITE_JPEG_QUALITY, quality}))
    throw std::runtime_error("cannot encode the page for " + file.string());
  // libjpeg writes a JFIF APP0 segment right after SOI: FF D8 FF E0 len(2) "JFIF\0" ver(2)
  // units(1) Xdensity(2) Ydensity(2). Units 1 = dots per inch.
  if (page.dpi && bytes.size() > 18 && bytes[3] == 0xE0 && std::equal(bytes.begin() + 6, bytes.begin() + 11, "JFIF")) {
    const auto dpi = static_cast<unsigned>(std::lround(*page.dpi));
    bytes[13] = 1;
    bytes[14] = bytes[16] = static_cast<unsigned char>(dpi >> 8);
    bytes[15] = bytes[17] = static_cast<unsigned char>(dpi & 0xFF);
  }
  const auto tmp = file.string() + ".part";
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + file.string());
  }
  std::filesystem::rename(tmp, file);  // a reader (a watched folder) never sees half a page
}

}  // namespace sohoa::capture

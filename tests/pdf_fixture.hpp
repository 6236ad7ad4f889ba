// PDFs for tests, written with libharu as a scanner's scan-to-PDF would: one raster image per
// page, the page as large as the image at its resolution.
#pragma once
#include <hpdf.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace sohoa::testing {

struct PdfPageImage {
  cv::Mat image;  // 8-bit grey or BGR
  double dpi = 300;
  int jpeg_quality = 0;  // 0: lossless (Flate); else embedded as JPEG, as most scanners do
};

// password: when given, the PDF is encrypted and needs it to be opened.
inline void write_image_pdf(const std::filesystem::path& file, const std::vector<PdfPageImage>& pages,
                            const std::string& password = "") {
  HPDF_Doc pdf = HPDF_New([](HPDF_STATUS, HPDF_STATUS, void*) {}, nullptr);
  if (!pdf) throw std::runtime_error("libharu: cannot create a document");
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);  // lossless (Flate) images
  for (const auto& p : pages) {
    HPDF_Page page = HPDF_AddPage(pdf);
    HPDF_Image img = nullptr;
    if (p.jpeg_quality > 0) {
      std::vector<unsigned char> jpeg;
      cv::imencode(".jpg", p.image, jpeg, {cv::IMWRITE_JPEG_QUALITY, p.jpeg_quality});
      img = HPDF_LoadJpegImageFromMem(pdf, jpeg.data(), static_cast<HPDF_UINT>(jpeg.size()));
    } else {
      cv::Mat pixels;  // a copy: the caller's image stays as it is
      if (p.image.channels() == 3) cv::cvtColor(p.image, pixels, cv::COLOR_BGR2RGB);
      else pixels = p.image.clone();
      img = HPDF_LoadRawImageFromMem(pdf, pixels.data, static_cast<HPDF_UINT>(pixels.cols), static_cast<HPDF_UINT>(pixels.rows),
                                     pixels.channels() == 3 ? HPDF_CS_DEVICE_RGB : HPDF_CS_DEVICE_GRAY, 8);
    }
    if (!img) throw std::runtime_error("libharu: cannot add the image of a page");
    const auto w = static_cast<HPDF_REAL>(p.image.cols * 72.0 / p.dpi), h = static_cast<HPDF_REAL>(p.image.rows * 72.0 / p.dpi);
    HPDF_Page_SetWidth(page, w);
    HPDF_Page_SetHeight(page, h);
    HPDF_Page_DrawImage(page, img, 0, 0, w, h);
  }
  if (!password.empty()) {
    HPDF_SetPassword(pdf, "owner-secret", password.c_str());
    HPDF_SetEncryptionMode(pdf, HPDF_ENCRYPT_R3, 16);
  }
  const HPDF_STATUS status = HPDF_SaveToFile(pdf, file.c_str());
  HPDF_Free(pdf);
  if (status != HPDF_OK) throw std::runtime_error("libharu: cannot write " + file.string());
}

}  // namespace sohoa::testing

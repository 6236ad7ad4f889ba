// Reading scan files: JPEG, PNG, TIFF (multi-page, 1-bit G4, 8-bit, colour), BMP, WebP and
// PDF (multi-page, rendered through poppler: capture/pdf.hpp).
// A file is checked before it is decoded (type by its bytes, size, pixel count, page count), so
// bad input is refused with a precise reason and never allocates more than the limits allow.
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <opencv2/core.hpp>

#include "capture/profile.hpp"

namespace sohoa::capture {

struct PdfSource;

// What is wrong with an input file, in words an operator can act on (without the file name).
struct DecodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class ImageFormat { Jpeg, Png, Tiff, Bmp, Webp, Pdf };
const char* format_name(ImageFormat f);

struct ScanPage {
  cv::Mat image;              // 8-bit, grey (1 channel) or BGR (3 channels)
  int page = 0;               // index within the file
  std::optional<double> dpi;  // from the file's metadata
};

class ScanFile {
 public:
  // Reads and checks the file; throws DecodeError.
  ScanFile(const std::filesystem::path& path, const InputLimits& limits);
  ImageFormat format() const { return format_; }
  int pages() const { return pages_; }
  ScanPage read(int page) const;  // throws DecodeError

 private:
  std::filesystem::path path_;
  std::string bytes_;
  ImageFormat format_;
  int pages_ = 1;
  InputLimits limits_;
  std::shared_ptr<const PdfSource> pdf_;
};

// The files of the given paths: files as given, folders' regular files (except .json) in name order.
std::vector<std::filesystem::path> scan_files(const std::vector<std::string>& paths);

// The resolution a file's header declares (JFIF density, PNG pHYs, BMP header), if any.
std::optional<double> header_dpi(const std::string& bytes, ImageFormat format);

}  // namespace sohoa::capture

#include "capture/decode.hpp"

#include "capture/jpeg.hpp"
#include "capture/memory.hpp"
#include "capture/pdf.hpp"

#include <leptonica/allheaders.h>
#include <tiffio.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <mutex>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace sohoa::capture {
namespace {

bool starts_with(const std::string& b, std::string_view magic, std::size_t at = 0) {
  return b.size() >= at + magic.size() && std::memcmp(b.data() + at, magic.data(), magic.size()) == 0;
}

std::optional<ImageFormat> sniff(const std::string& b) {
  if (starts_with(b, "\xFF\xD8\xFF")) return ImageFormat::Jpeg;
  if (starts_with(b, "\x89PNG\r\n\x1A\n")) return ImageFormat::Png;
  if (starts_with(b, std::string_view("II*\0", 4)) || starts_with(b, std::string_view("MM\0*", 4))) return ImageFormat::Tiff;
  if (starts_with(b, "BM")) return ImageFormat::Bmp;
  if (starts_with(b, "RIFF") && starts_with(b, "WEBP", 8)) return ImageFormat::Webp;
  if (starts_with(b, "%PDF-")) return ImageFormat::Pdf;
  return std::nullopt;
}

std::uint32_t be32(const std::string& b, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 8) | static_cast<unsigned char>(b[at + 3]);
}

std::int32_t le32(const std::string& b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  return static_cast<std::int32_t>(v);
}

std::optional<double> plausible(double dpi) {
  if (dpi >= 50 && dpi <= 2400) return dpi;
  return std::nullopt;
}

// Leptonica reports errors on stderr by itself; the station reports them instead.
void quiet_leptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

struct TiffCloser {
  void operator()(TIFF* t) const { TIFFClose(t); }
};

void quiet_libtiff() {
  static std::once_flag once;
  std::call_once(once, [] {
    TIFFSetErrorHandler(nullptr);
    TIFFSetWarningHandler(nullptr);
  });
}

}  // namespace

const char* format_name(ImageFormat f) {
  switch (f) {
    case ImageFormat::Jpeg: return "JPEG";
    case ImageFormat::Png: return "PNG";
    case ImageFormat::Tiff: return "TIFF";
    case ImageFormat::Bmp: return "BMP";
    case ImageFormat::Webp: return "WebP";
    case ImageFormat::Pdf: return "PDF";
  }
  return "?";
}

std::optional<double> header_dpi(const std::string& b, ImageFormat format) {
  switch (format) {
    case ImageFormat::Jpeg:
      // JFIF APP0: FF D8 FF E0 len(2) "JFIF\0" version(2) units(1) Xdensity(2) Ydensity(2)
      if (b.size() > 18 && static_cast<unsigned char>(b[3]) == 0xE0 && starts_with(b, std::string_view("JFIF\0", 5), 6)) {
        const int units = static_cast<unsigned char>(b[13]);
        const int x = (static_cast<unsigned char>(b[14]) << 8) | static_cast<unsigned char>(b[15]);
        if (units == 1) return plausible(x);
        if (units == 2) return plausible(x * 2.54);
      }
      return std::nullopt;
    case ImageFormat::Png:
      for (std::size_t at = 8; at + 12 <= b.size();) {
        const std::uint32_t len = be32(b, at);
        if (starts_with(b, "IDAT", at + 4)) break;  // pHYs must come before the image data
        if (starts_with(b, "pHYs", at + 4) && len == 9 && at + 17 <= b.size() && b[at + 16] == 1)
          return plausible(be32(b, at + 8) * 0.0254);
        at += 12 + static_cast<std::size_t>(len);
      }
      return std::nullopt;
    case ImageFormat::Bmp:
      if (b.size() >= 46) return plausible(le32(b, 38) * 0.0254);
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

ScanFile::ScanFile(const std::filesystem::path& path, const InputLimits& limits) : path_(path), limits_(limits) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw DecodeError("not a file");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw DecodeError("cannot read the file (" + ec.message() + ")");
  if (size == 0) throw DecodeError("the file is empty (0 bytes)");
  if (static_cast<double>(size) > limits.max_file_mb * 1024 * 1024)
    throw DecodeError("the file is " + std::to_string(size / (1024 * 1024)) + " MB, more than the " +
                      std::to_string(static_cast<int>(limits.max_file_mb)) + " MB a scan may have");
  std::ifstream in(path, std::ios::binary);
  bytes_.resize(std::min<std::uintmax_t>(size, 16));  // enough to tell the format
  if (!in.read(bytes_.data(), static_cast<std::streamsize>(bytes_.size()))) throw DecodeError("cannot read the file");
  const auto format = sniff(bytes_);
  if (!format) throw DecodeError("not an image: its contents are not JPEG, PNG, TIFF, BMP, WebP or PDF");
  format_ = *format;
  if (format_ != ImageFormat::Tiff && size > bytes_.size()) {  // TIFF pages are read from the file one at a time
    bytes_.resize(size);
    if (!in.read(bytes_.data() + 16, static_cast<std::streamsize>(size - 16))) throw DecodeError("cannot read the file");
  }

  const double max_pixels = limits.max_megapixels * 1e6;
  auto check_pixels = [&](double w, double h, const std::string& what) {
    if (w <= 0 || h <= 0) throw DecodeError(what + " has no pixels");
    if (w * h > max_pixels)
      throw DecodeError(what + " is " + std::to_string(static_cast<long long>(w)) + " × " + std::to_string(static_cast<long long>(h)) +
                        " pixels, more than the " + std::to_string(static_cast<int>(limits.max_megapixels)) + " megapixels a scan may have");
  };
  if (format_ == ImageFormat::Pdf) {
    pdf_ = open_pdf(std::move(bytes_), limits);
    bytes_.clear();
    pages_ = pdf_pages(*pdf_);
    return;
  }
  if (format_ == ImageFormat::Tiff) {
    quiet_libtiff();
    std::unique_ptr<TIFF, TiffCloser> tif(TIFFOpen(path.c_str(), "r"));
    if (!tif) throw DecodeError("damaged TIFF: its header cannot be read");
    pages_ = TIFFNumberOfDirectories(tif.get());
    if (pages_ > limits.max_pages_per_file)
      throw DecodeError("the TIFF has " + std::to_string(pages_) + " pages, more than the " + std::to_string(limits.max_pages_per_file) +
                        " taken from one file");
    for (int p = 0; p < pages_; ++p) {
      std::uint32_t w = 0, h = 0;
      if (!TIFFSetDirectory(tif.get(), static_cast<tdir_t>(p)) || !TIFFGetField(tif.get(), TIFFTAG_IMAGEWIDTH, &w) ||
          !TIFFGetField(tif.get(), TIFFTAG_IMAGELENGTH, &h))
        throw DecodeError("damaged TIFF: page " + std::to_string(p + 1) + " cannot be read");
      check_pixels(w, h, "page " + std::to_string(p + 1));
    }
    return;
  }
  if (format_ == ImageFormat::Jpeg) {
    // Entropy-coded data never holds FF D9, so a whole JPEG ends with that marker (maybe padded).
    const std::size_t tail = std::min<std::size_t>(bytes_.size(), 1024);
    if (bytes_.substr(bytes_.size() - tail).find("\xFF\xD9") == std::string::npos)
      throw DecodeError("truncated JPEG: the file ends before the image does");
  }
  quiet_leptonica();
  l_int32 fmt = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (pixReadHeaderMem(reinterpret_cast<const l_uint8*>(bytes_.data()), bytes_.size(), &fmt, &w, &h, &bps, &spp, &cmap) != 0)
    throw DecodeError(std::string("damaged ") + format_name(format_) + ": its header cannot be read");
  check_pixels(w, h, "the image");
}

ScanPage ScanFile::read(int page) const {
  keep_freed_memory();
  if (page < 0 || page >= pages_) throw DecodeError("no page " + std::to_string(page + 1));
  ScanPage out;
  out.page = page;
  if (format_ == ImageFormat::Pdf) return render_pdf_page(*pdf_, page);
  if (format_ == ImageFormat::Tiff) {
    std::vector<cv::Mat> mats;
    if (!cv::imreadmulti(path_.string(), mats, page, 1, cv::IMREAD_ANYCOLOR) || mats.empty() || mats[0].empty())
      throw DecodeError("damaged TIFF: page " + std::to_string(page + 1) + " cannot be decoded");
    out.image = mats[0];
    std::unique_ptr<TIFF, TiffCloser> tif(TIFFOpen(path_.c_str(), "r"));
    float res = 0;
    std::uint16_t unit = RESUNIT_INCH;
    if (tif && TIFFSetDirectory(tif.get(), static_cast<tdir_t>(page)) && TIFFGetField(tif.get(), TIFFTAG_XRESOLUTION, &res)) {
      TIFFGetFieldDefaulted(tif.get(), TIFFTAG_RESOLUTIONUNIT, &unit);
      if (unit == RESUNIT_INCH) out.dpi = plausible(res);
      else if (unit == RESUNIT_CENTIMETER) out.dpi = plausible(res * 2.54);
    }
  } else {
    if (format_ == ImageFormat::Jpeg) {
      out.image = decode_jpeg_fast(bytes_);
    } else {
      const cv::Mat raw(1, static_cast<int>(bytes_.size()), CV_8UC1, const_cast<char*>(bytes_.data()));
      out.image = cv::imdecode(raw, cv::IMREAD_ANYCOLOR);
    }
    if (out.image.empty()) throw DecodeError(std::string("damaged ") + format_name(format_) + ": the image data cannot be decoded");
    out.dpi = header_dpi(bytes_, format_);
  }
  if (out.image.depth() != CV_8U) out.image.convertTo(out.image, CV_8U, 1.0 / 257);
  if (out.image.channels() == 4) cv::cvtColor(out.image, out.image, cv::COLOR_BGRA2BGR);
  if (out.image.channels() == 2) cv::extractChannel(out.image, out.image, 0);  // grey + alpha
  return out;
}

std::vector<std::filesystem::path> scan_files(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& p : paths) {
    if (fs::is_directory(p)) {
      std::vector<fs::path> in_dir;
      for (const auto& e : fs::directory_iterator(p))
        if (e.is_regular_file() && e.path().extension() != ".json") in_dir.push_back(e.path());
      std::sort(in_dir.begin(), in_dir.end());
      files.insert(files.end(), in_dir.begin(), in_dir.end());
    } else {
      files.emplace_back(p);
    }
  }
  return files;
}

}  // namespace sohoa::capture

#include "capture/png.hpp"

#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include <libdeflate.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sohoa::capture {

#if defined(__SSE2__)
namespace {

std::uint32_t be32(const unsigned char* p) {
  return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) | (static_cast<std::uint32_t>(p[2]) << 8) | p[3];
}

struct DecompressorFree {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// One pixel's bytes in the low 16-bit lanes; the lanes past the pixel hold whatever follows it.
__m128i load_pixel(const unsigned char* p) {
  int v = 0;
  std::memcpy(&v, p, 4);
  return _mm_unpacklo_epi8(_mm_cvtsi32_si128(v), _mm_setzero_si128());
}

// Writes 4 bytes: the pixel and a byte of slack that the next pixel (or row) overwrites.
void store_pixel(unsigned char* p, __m128i v) {
  const int out = _mm_cvtsi128_si32(_mm_packus_epi16(v, v));
  std::memcpy(p, &out, 4);
}

__m128i select(__m128i mask, __m128i yes, __m128i no) { return _mm_or_si128(_mm_and_si128(mask, yes), _mm_andnot_si128(mask, no)); }
__m128i abs16(__m128i v) { return _mm_max_epi16(v, _mm_sub_epi16(_mm_setzero_si128(), v)); }

// Undoes one row's filter (PNG spec 9.2): `in` the filtered bytes, `prev` the row above as
// decoded (BGR), `out` this row. Every filter adds a predictor from the pixel to the left (a),
// the one above (b) and the one above-left (c); RGB is turned into BGR on the way in, since a
// filter treats each channel alike.
template <int Channels, int Filter>
void unfilter_row(const unsigned char* in, const unsigned char* prev, unsigned char* out, int width) {
  const __m128i low_byte = _mm_set1_epi16(0xff);
  __m128i a = _mm_setzero_si128(), c = a;
  for (int i = 0; i < width; ++i) {
    __m128i d = load_pixel(in + Channels * i);
    if constexpr (Channels == 3) d = _mm_shufflelo_epi16(d, _MM_SHUFFLE(3, 0, 1, 2));
    const __m128i b = Filter >= 2 ? load_pixel(prev + Channels * i) : a;
    __m128i predicted;
    if constexpr (Filter == 0) {
      predicted = _mm_setzero_si128();
    } else if constexpr (Filter == 1) {
      predicted = a;
    } else if constexpr (Filter == 2) {
      predicted = b;
    } else if constexpr (Filter == 3) {
      predicted = _mm_srli_epi16(_mm_add_epi16(a, b), 1);
    } else {  // Paeth: whichever of a, b, c is nearest to a + b - c, in that order on ties
      const __m128i from_a = _mm_sub_epi16(b, c), from_b = _mm_sub_epi16(a, c);
      const __m128i pa = abs16(from_a), pb = abs16(from_b), pc = abs16(_mm_add_epi16(from_a, from_b));
      predicted = select(_mm_cmpgt_epi16(pb, pc), c, b);
      predicted = select(_mm_or_si128(_mm_cmpgt_epi16(pa, pb), _mm_cmpgt_epi16(pa, pc)), predicted, a);
      c = b;
    }
    a = _mm_and_si128(_mm_add_epi16(d, predicted), low_byte);
    store_pixel(out + Channels * i, a);
  }
}

template <int Channels>
bool unfilter(const unsigned char* filtered, cv::Mat& image) {
  const std::size_t stride = static_cast<std::size_t>(image.cols) * Channels;
  const std::vector<unsigned char> zeros(stride + 4, 0);  // the row above the first
  const unsigned char* prev = zeros.data();
  for (int y = 0; y < image.rows; ++y) {
    const unsigned char* row = filtered + static_cast<std::size_t>(y) * (stride + 1);
    unsigned char* out = image.ptr(y);
    switch (row[0]) {
      case 0: unfilter_row<Channels, 0>(row + 1, prev, out, image.cols); break;
      case 1: unfilter_row<Channels, 1>(row + 1, prev, out, image.cols); break;
      case 2: unfilter_row<Channels, 2>(row + 1, prev, out, image.cols); break;
      case 3: unfilter_row<Channels, 3>(row + 1, prev, out, image.cols); break;
      case 4: unfilter_row<Channels, 4>(row + 1, prev, out, image.cols); break;
      default: return false;
    }
    prev = out;
  }
  return true;
}

}  // namespace

cv::Mat decode_png_fast(const std::string& bytes) {
  const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  // the signature, then IHDR: width, height, bit depth, colour type, compression, filter, interlace
  if (size < 33 || be32(b + 8) != 13 || std::memcmp(b + 12, "IHDR", 4) != 0) return {};
  const std::uint32_t width = be32(b + 16), height = be32(b + 20);
  const int channels = b[25] == 0 ? 1 : b[25] == 2 ? 3 : 0;
  if (b[24] != 8 || channels == 0 || b[26] != 0 || b[27] != 0 || b[28] != 0) return {};
  if (width < 4 || height < 1 || width > 1u << 20 || height > 1u << 20) return {};
  // the image data, gathered from its chunks, each checked against its CRC as libpng does
  std::vector<std::pair<const unsigned char*, std::size_t>> chunks;
  std::size_t compressed_size = 0;
  bool ended = false;
  for (std::size_t at = 8; !ended;) {
    if (at + 12 > size) return {};
    const std::size_t length = be32(b + at);
    if (length > size - at - 12) return {};
    const unsigned char* type = b + at + 4;
    const bool idat = std::memcmp(type, "IDAT", 4) == 0;
    ended = std::memcmp(type, "IEND", 4) == 0;
    if ((idat || at == 8) && libdeflate_crc32(0, type, length + 4) != be32(type + 4 + length)) return {};
    if (idat) chunks.emplace_back(type + 4, length), compressed_size += length;
    at += 12 + length;
  }
  std::vector<unsigned char> compressed;
  compressed.reserve(compressed_size);
  for (const auto& [data, length] : chunks) compressed.insert(compressed.end(), data, data + length);
  const std::size_t stride = static_cast<std::size_t>(width) * static_cast<std::size_t>(channels);
  const std::size_t filtered_size = (stride + 1) * height;
  // not zeroed: inflating fills it; 4 bytes of slack, as a pixel's 4-byte load runs past the last
  const std::unique_ptr<unsigned char[]> filtered(new unsigned char[filtered_size + 4]);
  const std::unique_ptr<libdeflate_decompressor, DecompressorFree> inflater(libdeflate_alloc_decompressor());
  if (!inflater || libdeflate_zlib_decompress(inflater.get(), compressed.data(), compressed.size(), filtered.get(), filtered_size, nullptr) !=
                       LIBDEFLATE_SUCCESS)
    return {};
  // one row more than the image: slack for the last pixel's 4-byte store
  cv::Mat rows(static_cast<int>(height) + 1, static_cast<int>(width), channels == 3 ? CV_8UC3 : CV_8UC1);
  cv::Mat image = rows.rowRange(0, static_cast<int>(height));
  if (!(channels == 3 ? unfilter<3>(filtered.get(), image) : unfilter<1>(filtered.get(), image))) return {};
  return image;
}

#else

cv::Mat decode_png_fast(const std::string&) { return {}; }

#endif

}  // namespace sohoa::capture

#include "tools/synth/fonts.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <stdexcept>
#include <string>

#include "core/text.hpp"

namespace sohoa::synth {
namespace {

struct FontFile {
  const char* path;
  const char* package;
};

const FontFile kFiles[] = {
    {"/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", "fonts-liberation2"},
    {"/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf", "fonts-liberation2"},
    {"/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf", "fonts-liberation2"},
    {"/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf", "fonts-liberation2"},
    {"/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf", "fonts-liberation2"},
    {"/usr/share/fonts/opentype/ocr-b/OCRB.otf", "fonts-ocr-b"},
    {"/usr/share/fonts/opentype/dancingscript/DancingScript-Regular.otf", "fonts-dancingscript"},
};

FT_GlyphSlot load(FT_Face f, char32_t cp) {
  const FT_UInt index = FT_Get_Char_Index(f, cp);
  if (index == 0) throw std::runtime_error("font " + std::string(f->family_name) + " has no glyph U+" + std::to_string(cp));
  if (FT_Load_Glyph(f, index, FT_LOAD_RENDER) != 0) throw std::runtime_error("FreeType cannot render a glyph");
  return f->glyph;
}

cv::Mat glyph_alpha(FT_GlyphSlot g) {
  const FT_Bitmap& b = g->bitmap;
  cv::Mat m(static_cast<int>(b.rows), static_cast<int>(b.width), CV_8UC1);
  for (int r = 0; r < m.rows; ++r)
    std::copy_n(b.buffer + static_cast<std::ptrdiff_t>(r) * b.pitch, m.cols, m.ptr<unsigned char>(r));
  return m;
}

}  // namespace

void blend_ink(cv::Mat& bgr, const cv::Mat& alpha8, int x, int y, cv::Scalar colour, double opacity) {
  const cv::Rect dst = cv::Rect(x, y, alpha8.cols, alpha8.rows) & cv::Rect(0, 0, bgr.cols, bgr.rows);
  if (dst.empty()) return;
  const double k[3] = {colour[0] / 255.0, colour[1] / 255.0, colour[2] / 255.0};
  for (int r = dst.y; r < dst.y + dst.height; ++r) {
    const unsigned char* a = alpha8.ptr<unsigned char>(r - y);
    auto* p = bgr.ptr<cv::Vec3b>(r);
    for (int c = dst.x; c < dst.x + dst.width; ++c) {
      const double w = a[c - x] / 255.0 * opacity;
      if (w <= 0) continue;
      for (int ch = 0; ch < 3; ++ch)
        p[c][ch] = cv::saturate_cast<unsigned char>(p[c][ch] * (1.0 - w + w * k[ch]));
    }
  }
}

Fonts::Fonts() {
  if (FT_Init_FreeType(&library_) != 0) throw std::runtime_error("FreeType failed to start");
  for (int i = 0; i < static_cast<int>(Face::Count); ++i) {
    if (!std::filesystem::exists(kFiles[i].path) ||
        FT_New_Face(library_, kFiles[i].path, 0, &faces_[i]) != 0) {
      FT_Done_FreeType(library_);
      throw std::runtime_error(std::string("font not found: ") + kFiles[i].path + " (Debian package " +
                               kFiles[i].package + ", installed by scripts/setup-deps)");
    }
  }
}

Fonts::~Fonts() {
  for (auto* f : faces_)
    if (f) FT_Done_Face(f);
  FT_Done_FreeType(library_);
}

FT_Face Fonts::sized(Face face, double size_px) {
  FT_Face f = faces_[static_cast<int>(face)];
  FT_Set_Pixel_Sizes(f, 0, static_cast<FT_UInt>(std::max(4.0, size_px + 0.5)));
  return f;
}

int Fonts::advance(Face face, double size_px, char32_t cp) {
  return static_cast<int>(load(sized(face, size_px), cp)->advance.x >> 6);
}

int Fonts::measure(Face face, double size_px, std::string_view utf8) {
  FT_Face f = sized(face, size_px);
  int w = 0;
  for (char32_t cp : code_points(utf8)) w += static_cast<int>(load(f, cp)->advance.x >> 6);
  return w;
}

TextBox Fonts::draw(cv::Mat& bgr, Face face, double size_px, int x, int baseline, std::string_view utf8,
                    cv::Scalar colour, double opacity) {
  FT_Face f = sized(face, size_px);
  int pen = x;
  for (char32_t cp : code_points(utf8)) {
    FT_GlyphSlot g = load(f, cp);
    blend_ink(bgr, glyph_alpha(g), pen + g->bitmap_left, baseline - g->bitmap_top, colour, opacity);
    pen += static_cast<int>(g->advance.x >> 6);
  }
  const int ascent = static_cast<int>(f->size->metrics.ascender >> 6);
  const int descent = static_cast<int>(-(f->size->metrics.descender >> 6));
  return TextBox{x, baseline - ascent, pen - x, ascent + descent, baseline};
}

void Fonts::draw_glyph(cv::Mat& bgr, Face face, double size_px, char32_t cp, cv::Point2d centre,
                       double angle_deg, cv::Scalar colour, double opacity) {
  FT_GlyphSlot g = load(sized(face, size_px), cp);
  cv::Mat alpha = glyph_alpha(g);
  if (alpha.empty()) return;
  const int side = static_cast<int>(std::ceil(std::hypot(alpha.cols, alpha.rows))) + 2;
  cv::Mat padded = cv::Mat::zeros(side, side, CV_8UC1);
  alpha.copyTo(padded(cv::Rect((side - alpha.cols) / 2, (side - alpha.rows) / 2, alpha.cols, alpha.rows)));
  cv::Mat turned;
  cv::warpAffine(padded, turned, cv::getRotationMatrix2D(cv::Point2f(static_cast<float>(side) / 2.f, static_cast<float>(side) / 2.f), -angle_deg, 1.0),
                 padded.size(), cv::INTER_LINEAR);
  blend_ink(bgr, turned, static_cast<int>(centre.x) - side / 2, static_cast<int>(centre.y) - side / 2, colour, opacity);
}

}  // namespace sohoa::synth

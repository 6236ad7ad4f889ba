// Text rendering with FreeType onto OpenCV images, with real Vietnamese glyphs: the Liberation
// fonts (metric clones of Times New Roman and Arial, the faces of Vietnamese forms) carry every
// precomposed NFC letter, so no shaping engine is needed.
#pragma once
#include <array>
#include <string_view>

#include <opencv2/core.hpp>

struct FT_LibraryRec_;
struct FT_FaceRec_;

namespace sohoa::synth {

enum class Face { Serif, SerifBold, SerifItalic, Sans, SansBold, Ocrb, Hand, Count };

struct TextBox {
  int x = 0, y = 0, width = 0, height = 0;  // pixel box from ascender to descender
  int baseline = 0;
};

// Ink is blended multiplicatively, as ink on paper: red over black stays black.
class Fonts {
 public:
  Fonts();  // throws std::runtime_error naming a missing font file and its Debian package
  ~Fonts();
  Fonts(const Fonts&) = delete;
  Fonts& operator=(const Fonts&) = delete;

  // Width in pixels of text at size_px (the em size in pixels).
  int measure(Face face, double size_px, std::string_view utf8);
  // Draws text with its baseline at (x, baseline) and returns its box.
  TextBox draw(cv::Mat& bgr, Face face, double size_px, int x, int baseline, std::string_view utf8,
               cv::Scalar colour, double opacity = 1.0);
  // Draws each glyph turned by `angle_deg` around its own centre, with its centre at `centre`.
  void draw_glyph(cv::Mat& bgr, Face face, double size_px, char32_t cp, cv::Point2d centre,
                  double angle_deg, cv::Scalar colour, double opacity = 1.0);
  int advance(Face face, double size_px, char32_t cp);

 private:
  FT_FaceRec_* sized(Face face, double size_px);
  FT_LibraryRec_* library_ = nullptr;
  std::array<FT_FaceRec_*, static_cast<int>(Face::Count)> faces_{};
};

// Multiplies `alpha`-weighted ink of `colour` into bgr at offset (x, y); clips at the edges.
void blend_ink(cv::Mat& bgr, const cv::Mat& alpha8, int x, int y, cv::Scalar colour, double opacity);

}  // namespace sohoa::synth

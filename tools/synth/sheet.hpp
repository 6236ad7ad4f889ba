// One side of one document being drawn: an image at the scan's resolution with a millimetre
// coordinate system, and the boxes where each truth field was printed.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

#include "tools/synth/fonts.hpp"

namespace sohoa::synth {

namespace ink {
inline const cv::Scalar black(38, 32, 30), red(40, 38, 205), blue(160, 70, 25), stamp(70, 55, 220),
    grey(110, 110, 110);
}

struct Style {
  Face face = Face::Serif;
  double pt = 12;
  cv::Scalar colour = ink::black;
};

struct Mark {
  std::string path;  // field path in the document: "serial", "owners[0].name", "parcel.purposes[1].code"
  cv::Rect box;      // sheet pixels
  std::string text;  // what was printed there, pieces joined by spaces
};

class Sheet {
 public:
  Sheet(std::string kind, int document, cv::Size2d size_mm, double dpi, cv::Scalar paper);

  std::string kind;  // page kind: "gcn_2014_page1", "cccd_2021_front", …
  int document;      // index into the dossier's documents
  cv::Size2d size_mm;
  double dpi;
  cv::Mat image;  // BGR
  std::vector<Mark> marks;

  int px(double mm) const { return static_cast<int>(mm * dpi / 25.4 + 0.5); }
  cv::Point px(double x_mm, double y_mm) const { return {px(x_mm), px(y_mm)}; }
  double font_px(double pt) const { return pt * dpi / 72.0; }

  enum class Align { Left, Centre, Right };
  // Draws text with its baseline at y_mm; x_mm is its left edge, centre or right edge.
  cv::Rect text(Fonts& fonts, const Style& style, double x_mm, double y_mm, std::string_view text,
                Align align = Align::Left);
  // text() that also marks the printed box as the field `path`.
  cv::Rect field(const std::string& path, Fonts& fonts, const Style& style, double x_mm, double y_mm, std::string_view text,
                 Align align = Align::Left);
  double text_width_mm(Fonts& fonts, const Style& style, std::string_view text);
  // "Label value": the value wraps at spaces between x_mm and right_mm, continuing at
  // indent_mm; the value's box is marked with path (if any). Returns the baseline of the next line.
  double labelled(Fonts& fonts, double x_mm, double y_mm, double right_mm, const Style& label_style,
                  std::string_view label, const Style& value_style, std::string_view value,
                  const std::string& path, double line_mm, double indent_mm);
  // A field printed in pieces is marked with the union of their boxes and their texts.
  void mark(const std::string& path, const cv::Rect& box, std::string_view printed);
};

// Draws a line of text in runs of different styles, left to right.
class Line {
 public:
  Line(Sheet& sheet, Fonts& fonts, double x_mm, double y_mm) : sheet_(sheet), fonts_(fonts), x_(x_mm), y_(y_mm) {}
  Line& add(const Style& style, std::string_view text, const std::string& path = "");
  double x_mm() const { return x_; }

 private:
  Sheet& sheet_;
  Fonts& fonts_;
  double x_, y_;
};

}  // namespace sohoa::synth

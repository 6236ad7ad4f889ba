#include "tools/synth/sheet.hpp"

#include <opencv2/imgproc.hpp>

namespace sohoa::synth {

Sheet::Sheet(std::string kind_, int document_, cv::Size2d size, double dpi_, cv::Scalar paper)
    : kind(std::move(kind_)), document(document_), size_mm(size), dpi(dpi_) {
  image = cv::Mat(px(size.height), px(size.width), CV_8UC3, paper);
}

double Sheet::text_width_mm(Fonts& fonts, const Style& style, std::string_view t) {
  return fonts.measure(style.face, font_px(style.pt), t) * 25.4 / dpi;
}

cv::Rect Sheet::text(Fonts& fonts, const Style& style, double x_mm, double y_mm, std::string_view t, Align align) {
  int x = px(x_mm);
  if (align != Align::Left) {
    const int w = fonts.measure(style.face, font_px(style.pt), t);
    x -= align == Align::Centre ? w / 2 : w;
  }
  const TextBox b = fonts.draw(image, style.face, font_px(style.pt), x, px(y_mm), t, style.colour);
  return {b.x, b.y, b.width, b.height};
}

cv::Rect Sheet::field(const std::string& path, Fonts& fonts, const Style& style, double x_mm, double y_mm,
                      std::string_view t, Align align) {
  const cv::Rect box = text(fonts, style, x_mm, y_mm, t, align);
  mark(path, box, t);
  return box;
}

void Sheet::mark(const std::string& path, const cv::Rect& box, std::string_view printed) {
  for (auto& m : marks)
    if (m.path == path) {
      m.box |= box;
      m.text += " ";
      m.text += printed;
      return;
    }
  marks.push_back({path, box, std::string(printed)});
}

double Sheet::labelled(Fonts& fonts, double x_mm, double y_mm, double right_mm, const Style& label_style,
                       std::string_view label, const Style& value_style, std::string_view value,
                       const std::string& path, double line_mm, double indent_mm) {
  double pen = x_mm;
  if (!label.empty()) pen += text_width_mm(fonts, label_style, label), text(fonts, label_style, x_mm, y_mm, label);
  std::string line;
  auto flush = [&](bool last) {
    if (!line.empty()) {
      const cv::Rect box = text(fonts, value_style, pen, y_mm, line);
      if (!path.empty()) mark(path, box, line);
    }
    line.clear();
    if (!last) y_mm += line_mm, pen = indent_mm;
  };
  std::size_t start = 0;
  while (start <= value.size()) {
    auto end = value.find(' ', start);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view word = value.substr(start, end - start);
    const std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
    if (!line.empty() && pen + text_width_mm(fonts, value_style, candidate) > right_mm) flush(false);
    line = line.empty() ? std::string(word) : line + " " + std::string(word);
    start = end + 1;
  }
  flush(true);
  return y_mm + line_mm;
}

Line& Line::add(const Style& style, std::string_view t, const std::string& path) {
  const cv::Rect box = sheet_.text(fonts_, style, x_, y_, t);
  if (!path.empty()) sheet_.mark(path, box, t);
  x_ += sheet_.text_width_mm(fonts_, style, t);
  return *this;
}

}  // namespace sohoa::synth

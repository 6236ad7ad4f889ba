// OCR lines folded to ASCII one code point for one byte (diacritics removed, đ → d), so that the
// form models' patterns match whatever tone marks the OCR got wrong, and every match maps back
// to the original text and to the words' boxes.
#pragma once
#include <string>
#include <vector>

#include "ocr/engine.hpp"

namespace sohoa::extract {

struct FoldedLine {
  std::vector<std::string> chars;  // the original text, one UTF-8 code point per entry
  std::string folded;              // same length as chars
  std::vector<int> word_of;        // the OCR word of each code point, -1 for the joining spaces
  const ocr::Line* line = nullptr;

  // The original text of code points [begin, end), spaces collapsed and trimmed.
  std::string text(std::size_t begin, std::size_t end) const;
  // The union of the boxes of the words that code points [begin, end) touch.
  cv::Rect box(std::size_t begin, std::size_t end) const;
  // The mean confidence of those words, weighted by their lengths.
  double confidence(std::size_t begin, std::size_t end) const;
};

FoldedLine fold_line(const ocr::Line& line);
// One code point folded to one ASCII character ('?' for what has no ASCII base letter).
char fold_code_point(char32_t c);
// A whole string folded the same way.
std::string fold(std::string_view utf8);

}  // namespace sohoa::extract

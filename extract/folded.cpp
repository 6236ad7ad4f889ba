#include "extract/folded.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/text.hpp"

namespace sohoa::extract {
namespace {

std::string utf8(char32_t c) {
  std::string s;
  if (c < 0x80) s += static_cast<char>(c);
  else if (c < 0x800) s += static_cast<char>(0xC0 | (c >> 6)), s += static_cast<char>(0x80 | (c & 0x3F));
  else if (c < 0x10000)
    s += static_cast<char>(0xE0 | (c >> 12)), s += static_cast<char>(0x80 | ((c >> 6) & 0x3F)), s += static_cast<char>(0x80 | (c & 0x3F));
  else
    s += static_cast<char>(0xF0 | (c >> 18)), s += static_cast<char>(0x80 | ((c >> 12) & 0x3F)),
        s += static_cast<char>(0x80 | ((c >> 6) & 0x3F)), s += static_cast<char>(0x80 | (c & 0x3F));
  return s;
}

bool is_space(const std::string& c) { return c == " "; }

}  // namespace

char fold_code_point(char32_t c) {
  if (c < 0x80) return static_cast<char>(c);
  thread_local std::unordered_map<char32_t, char> cache;
  if (auto it = cache.find(c); it != cache.end()) return it->second;
  char out = '?';
  if (c == U'đ') out = 'd';
  else if (c == U'Đ' || c == U'Ð') out = 'D';  // OCR often reads Đ as the Icelandic eth
  else {
    const std::string s = strip_diacritics(utf8(c));
    if (s.size() == 1 && static_cast<unsigned char>(s[0]) < 0x80) out = s[0];
  }
  cache.emplace(c, out);
  return out;
}

std::string fold(std::string_view text) {
  std::string out;
  for (char32_t c : code_points(nfc(text))) out += fold_code_point(c);
  return out;
}

FoldedLine fold_line(const ocr::Line& line) {
  FoldedLine f;
  f.line = &line;
  for (std::size_t w = 0; w < line.words.size(); ++w) {
    if (w) {
      f.chars.push_back(" ");
      f.folded += ' ';
      f.word_of.push_back(-1);
    }
    for (char32_t c : code_points(line.words[w].text)) {
      f.chars.push_back(utf8(c));
      f.folded += fold_code_point(c);
      f.word_of.push_back(static_cast<int>(w));
    }
  }
  return f;
}

std::string FoldedLine::text(std::size_t begin, std::size_t end) const {
  std::string s;
  for (std::size_t i = begin; i < std::min(end, chars.size()); ++i) s += chars[i];
  return collapse_spaces(s);
}

cv::Rect FoldedLine::box(std::size_t begin, std::size_t end) const {
  cv::Rect r;
  int last = -2;
  for (std::size_t i = begin; i < std::min(end, chars.size()); ++i) {
    const int w = word_of[i];
    if (w < 0 || w == last || is_space(chars[i])) continue;
    last = w;
    r = r.area() ? (r | line->words[static_cast<std::size_t>(w)].box) : line->words[static_cast<std::size_t>(w)].box;
  }
  return r;
}

double FoldedLine::confidence(std::size_t begin, std::size_t end) const {
  double sum = 0, n = 0;
  for (std::size_t i = begin; i < std::min(end, chars.size()); ++i) {
    if (word_of[i] < 0) continue;
    sum += line->words[static_cast<std::size_t>(word_of[i])].confidence;
    n += 1;
  }
  return n ? sum / n : 0.0;
}

}  // namespace sohoa::extract

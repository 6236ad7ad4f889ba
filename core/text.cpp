#include "core/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/locid.h>

#include <stdexcept>

namespace sohoa {
namespace {

icu::UnicodeString to_icu(std::string_view utf8) {
  if (!valid_utf8(utf8)) throw std::invalid_argument("text is not valid UTF-8");
  return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

const icu::Normalizer2& normalizer(bool compose) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n =
      compose ? icu::Normalizer2::getNFCInstance(status) : icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU normalizer unavailable");
  return *n;
}

// Strict UTF-8: no overlong forms, surrogates or code points above U+10FFFF. Returns -1 on error.
std::int32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  int extra;
  std::int32_t cp;
  if (b0 < 0x80) return ++i, b0;
  if (b0 >= 0xC2 && b0 <= 0xDF) extra = 1, cp = b0 & 0x1F;
  else if (b0 >= 0xE0 && b0 <= 0xEF) extra = 2, cp = b0 & 0x0F;
  else if (b0 >= 0xF0 && b0 <= 0xF4) extra = 3, cp = b0 & 0x07;
  else return -1;
  if (i + static_cast<std::size_t>(extra) >= s.size()) return -1;  // truncated sequence
  for (int k = 1; k <= extra; ++k) {
    const unsigned char b = byte(i + static_cast<std::size_t>(k));
    if ((b & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (b & 0x3F);
  }
  static const std::int32_t minimum[] = {0, 0x80, 0x800, 0x10000};
  if (cp < minimum[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

}  // namespace

bool valid_utf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();)
    if (next_code_point(bytes, i) < 0) return false;
  return true;
}

std::vector<char32_t> code_points(std::string_view utf8) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < utf8.size();) {
    const std::int32_t c = next_code_point(utf8, i);
    if (c < 0) throw std::invalid_argument("text is not valid UTF-8");
    out.push_back(static_cast<char32_t>(c));
  }
  return out;
}

std::string nfc(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  auto out = normalizer(true).normalize(to_icu(utf8), status);
  if (U_FAILURE(status)) throw std::invalid_argument("text cannot be normalized");
  return to_utf8(out);
}

std::string upper_vi(std::string_view utf8) {
  auto s = to_icu(utf8);
  s.toUpper(icu::Locale("vi"));
  return nfc(to_utf8(s));
}

std::string title_case_vi(std::string_view utf8) {
  auto s = to_icu(utf8);
  s.toLower(icu::Locale("vi"));
  bool start = true;
  icu::UnicodeString out;
  for (int32_t i = 0; i < s.length();) {
    UChar32 c = s.char32At(i);
    out.append(start ? static_cast<UChar32>(u_toupper(c)) : c);
    start = u_isspace(c) != 0;
    i += U16_LENGTH(c);
  }
  return nfc(to_utf8(out));
}

std::string strip_diacritics(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  auto decomposed = normalizer(false).normalize(to_icu(utf8), status);
  if (U_FAILURE(status)) throw std::invalid_argument("text cannot be normalized");
  icu::UnicodeString out;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    if (c == 0x0111) c = 'd';  // đ has no decomposition
    if (c == 0x0110) c = 'D';  // Đ
    out.append(c);
  }
  return to_utf8(out);
}

namespace {

bool is_tone_mark(UChar32 c) { return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323; }

}  // namespace

std::string older_tone_placement(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString s = normalizer(false).normalize(to_icu(utf8), status);  // letters, then their marks
  if (U_FAILURE(status)) throw std::invalid_argument("text cannot be normalized");
  const auto lower = [&s](int32_t i) { return i >= 0 && i < s.length() ? u_tolower(s.char32At(i)) : 0; };
  // in the decomposed text (all BMP here): ... v1 v2 TONE <end of word>
  for (int32_t i = 2; i < s.length(); ++i) {
    if (!is_tone_mark(s.charAt(i)) || u_isalpha(lower(i + 1)) || u_charType(lower(i + 1)) == U_NON_SPACING_MARK) continue;
    const UChar32 v1 = lower(i - 2), v2 = lower(i - 1);
    const bool pair = (v1 == 'o' && (v2 == 'a' || v2 == 'e')) || (v1 == 'u' && v2 == 'y' && lower(i - 3) != 'q');
    if (!pair) continue;
    const UChar tone = s.charAt(i);
    s.remove(i, 1);
    s.insert(i - 1, tone);
  }
  return nfc(to_utf8(s));
}

std::string collapse_spaces(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace sohoa

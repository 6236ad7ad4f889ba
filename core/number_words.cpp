#include "core/number_words.hpp"

#include <array>
#include <cctype>
#include <stdexcept>
#include <vector>

namespace sohoa {
namespace {

const std::array<const char*, 10> kDigits = {"không", "một", "hai", "ba", "bốn",
                                             "năm", "sáu", "bảy", "tám", "chín"};
const std::array<const char*, 4> kGroups = {"", "nghìn", "triệu", "tỷ"};

void append(std::string& out, std::string_view word) {
  if (!out.empty()) out += ' ';
  out += word;
}

// One group of three digits. A group after a higher one is read in full ("không trăm linh năm").
void read_group(std::string& out, unsigned n, bool full) {
  const unsigned h = n / 100, t = n / 10 % 10, u = n % 10;
  const bool hundreds = full || h > 0;
  if (hundreds) {
    append(out, kDigits[h]);
    append(out, "trăm");
  }
  if (t == 0) {
    if (u == 0) return;
    if (hundreds) append(out, "linh");
    append(out, kDigits[u]);
    return;
  }
  if (t == 1) {
    append(out, "mười");
  } else {
    append(out, kDigits[t]);
    append(out, "mươi");
  }
  if (u == 0) return;
  if (u == 5) append(out, "lăm");
  else if (u == 1 && t > 1) append(out, "mốt");
  else if (u == 4 && t > 1) append(out, "tư");
  else append(out, kDigits[u]);
}

}  // namespace

std::string vi_number_words(std::uint64_t n) {
  if (n == 0) return kDigits[0];
  if (n > 999'999'999'999ULL) throw std::out_of_range("number too large to spell");
  std::vector<unsigned> groups;
  for (auto m = n; m > 0; m /= 1000) groups.push_back(static_cast<unsigned>(m % 1000));
  std::string out;
  bool leading = true;
  for (auto i = groups.size(); i-- > 0;) {
    if (groups[i] == 0) continue;
    read_group(out, groups[i], !leading);
    if (i > 0) append(out, kGroups[i]);
    leading = false;
  }
  return out;
}

std::string vi_decimal_words(const ViDecimal& d) {
  std::string out = vi_number_words(d.integer);
  if (d.fraction.empty()) return out;
  append(out, "phẩy");
  std::size_t zeros = 0;
  while (zeros < d.fraction.size() && d.fraction[zeros] == '0') append(out, kDigits[0]), ++zeros;
  if (zeros < d.fraction.size()) append(out, vi_number_words(std::stoull(d.fraction.substr(zeros))));
  return out;
}

std::string vi_area_words(const ViDecimal& area) {
  std::string words = vi_decimal_words(area) + " mét vuông";
  words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
  return words;
}

std::string ViDecimal::printed() const {
  std::string digits = std::to_string(integer), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  if (!fraction.empty()) out += ',' + fraction;
  return out;
}

double ViDecimal::value() const {
  double v = static_cast<double>(integer), scale = 0.1;
  for (char c : fraction) v += (c - '0') * scale, scale /= 10;
  return v;
}

std::optional<ViDecimal> ViDecimal::parse(std::string_view s) {
  ViDecimal d;
  auto comma = s.find(',');
  auto int_part = s.substr(0, comma);
  std::string digits;
  for (std::size_t i = 0; i < int_part.size(); ++i) {
    char c = int_part[i];
    if (c == '.') {
      // thousands separators stand every three digits from the right
      if (digits.empty() || (int_part.size() - i - 1) % 4 != 3) return std::nullopt;
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    digits += c;
  }
  if (digits.empty() || digits.size() > 12) return std::nullopt;
  d.integer = std::stoull(digits);
  if (comma != std::string_view::npos) {
    d.fraction = std::string(s.substr(comma + 1));
    if (d.fraction.empty() || d.fraction.size() > 6) return std::nullopt;
    for (char c : d.fraction)
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  return d;
}

}  // namespace sohoa

// Numbers as Vietnamese documents print and spell them: "1.234,5 m²" and
// "(bằng chữ: Một nghìn hai trăm ba mươi tư phẩy năm mét vuông)".
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sohoa {

// A non-negative decimal as printed: integer part and the digits after the comma, kept as
// digits so that "120,50" and "120,5" stay what they are.
struct ViDecimal {
  std::uint64_t integer = 0;
  std::string fraction;  // digits only, may be empty

  std::string printed() const;  // thousands with '.', decimals with ',': "1.234,5"
  double value() const;         // 1234.5
  static std::optional<ViDecimal> parse(std::string_view printed);
};

// Lower-case words for an integer (up to 999 999 999 999): 105 -> "một trăm linh năm".
std::string vi_number_words(std::uint64_t n);
// Words for a decimal: "một nghìn hai trăm ba mươi tư phẩy năm".
std::string vi_decimal_words(const ViDecimal& d);
// The "bằng chữ" text of an area: "Một trăm hai mươi phẩy năm mét vuông".
std::string vi_area_words(const ViDecimal& area);

}  // namespace sohoa

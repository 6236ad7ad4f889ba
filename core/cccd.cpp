#include "core/cccd.hpp"

#include <stdexcept>

namespace sohoa {

int century_sex_digit(int birth_year, bool female) {
  const int century = birth_year / 100 - 19;  // 1900s -> 0
  if (century < 0 || century > 4) throw std::invalid_argument("birth year out of range for a personal number");
  return century * 2 + (female ? 1 : 0);
}

std::string make_personal_number(std::string_view province_code, int birth_year, bool female,
                                 std::string_view six_digits) {
  if (province_code.size() != 3 || six_digits.size() != 6)
    throw std::invalid_argument("personal number needs a 3-digit province code and 6 digits");
  std::string id(province_code);
  id += static_cast<char>('0' + century_sex_digit(birth_year, female));
  const int yy = birth_year % 100;
  id += static_cast<char>('0' + yy / 10);
  id += static_cast<char>('0' + yy % 10);
  id += six_digits;
  return id;
}

std::optional<PersonalNumberInfo> decode_personal_number(std::string_view id) {
  if (id.size() != 12) return std::nullopt;
  for (char c : id)
    if (c < '0' || c > '9') return std::nullopt;
  const int code = id[3] - '0';
  if (code > 9) return std::nullopt;
  PersonalNumberInfo info;
  info.province_code = std::string(id.substr(0, 3));
  info.female = code % 2 == 1;
  info.birth_year = 1900 + (code / 2) * 100 + (id[4] - '0') * 10 + (id[5] - '0');
  return info;
}

std::optional<Date> card_expiry_by_law(const Date& birth, const Date& issue) {
  for (int age : {25, 40, 60})
    if (issue < birth.plus_years(age - 2)) return birth.plus_years(age);
  return std::nullopt;
}

}  // namespace sohoa

// Structure of the 12-digit personal identification number (số định danh cá nhân, on CCCD and
// căn cước cards): 3 digits province of birth registration, 1 digit century and sex, 2 digits
// year of birth, 6 random digits (Decree 137/2015/NĐ-CP, Circular 59/2021/TT-BCA).
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/date.hpp"

namespace sohoa {

// 0 = male born 1900–1999, 1 = female 1900–1999, 2/3 = 2000–2099, 4/5 = 2100–2199 …
int century_sex_digit(int birth_year, bool female);
std::string make_personal_number(std::string_view province_code, int birth_year, bool female,
                                 std::string_view six_digits);

struct PersonalNumberInfo {
  std::string province_code;
  int birth_year = 0;
  bool female = false;
};
// Decodes the structure; nullopt if the text is not 12 digits or the century digit is impossible.
std::optional<PersonalNumberInfo> decode_personal_number(std::string_view id);

// The expiry the law gives a card issued on `issue` to someone born on `birth` (Law on Citizen
// Identification 2014, art. 21; the Law on Identification 2023 keeps the ages for adults): the
// 25th, 40th or 60th birthday, a card issued within two years before one of them running to the
// next; a card issued at 58 or later never expires (nullopt).
std::optional<Date> card_expiry_by_law(const Date& birth, const Date& issue);

}  // namespace sohoa

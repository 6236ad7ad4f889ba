#include "core/mrz.hpp"

#include <stdexcept>

#include "core/text.hpp"

namespace sohoa {
namespace {

std::string padded(std::string s, std::size_t n) {
  if (s.size() > n) s.resize(n);
  s.append(n - s.size(), '<');
  return s;
}

}  // namespace

char mrz_check_digit(std::string_view field) {
  static const int weights[] = {7, 3, 1};
  int sum = 0;
  for (std::size_t i = 0; i < field.size(); ++i) {
    const char c = field[i];
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'A' && c <= 'Z') v = c - 'A' + 10;
    else if (c == '<') v = 0;
    else throw std::invalid_argument(std::string("character not allowed in an MRZ: ") + c);
    sum += v * weights[i % 3];
  }
  return static_cast<char>('0' + sum % 10);
}

std::string mrz_text(std::string_view utf8) {
  std::string out;
  for (char c : upper_vi(strip_diacritics(utf8))) {
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += c;
    else if (!out.empty() && out.back() != '<') out += '<';
  }
  while (!out.empty() && out.back() == '<') out.pop_back();
  return out;
}

std::string mrz_name(std::string_view full_name) {
  const std::string n(full_name);
  const auto space = n.find(' ');
  return mrz_text(n.substr(0, space)) + "<<" + (space == std::string::npos ? "" : mrz_text(n.substr(space + 1)));
}

std::array<std::string, 3> compose_td1(const Td1Card& c) {
  if (c.document_number.size() != 9) throw std::invalid_argument("TD1 document number must have 9 characters");
  const std::string number = c.document_number;
  std::string line1 = padded(c.document_code, 2) + padded(c.issuing_state, 3) + number +
                      mrz_check_digit(number) + padded(c.optional_data1, 15);
  const std::string birth = c.birth.yymmdd();
  const std::string expiry = c.expiry ? c.expiry->yymmdd() : "<<<<<<";
  std::string line2 = birth + mrz_check_digit(birth) + c.sex + expiry + mrz_check_digit(expiry) +
                      padded(c.nationality, 3) + padded(c.optional_data2, 11);
  const std::string composite = line1.substr(5, 25) + line2.substr(0, 7) + line2.substr(8, 7) + line2.substr(18, 11);
  line2 += mrz_check_digit(composite);
  std::string name = mrz_text(c.surname) + "<<" + mrz_text(c.given_names);
  return {line1, line2, padded(name, 30)};
}

Td1Card vietnamese_td1(std::string_view id12, const Date& birth, bool female,
                       const std::optional<Date>& expiry, std::string_view full_name) {
  if (id12.size() != 12) throw std::invalid_argument("personal number must have 12 digits");
  Td1Card card;
  card.document_number = std::string(id12.substr(3));
  card.optional_data1 = std::string(id12) + "<<" + mrz_check_digit(id12);
  card.birth = birth;
  card.sex = female ? 'F' : 'M';
  card.expiry = expiry;
  const std::string name = collapse_spaces(full_name);
  const auto space = name.find(' ');
  card.surname = name.substr(0, space);
  card.given_names = space == std::string::npos ? "" : name.substr(space + 1);
  return card;
}

}  // namespace sohoa

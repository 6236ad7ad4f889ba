// ICAO 9303 machine-readable zone of ID cards (TD1: three lines of 30 characters), as printed on
// the chip CCCD and the 2024 căn cước.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.hpp"

namespace sohoa {

// ICAO 9303 check digit: weights 7,3,1 over digits, A=10..Z=35, '<'=0. Throws on other characters.
char mrz_check_digit(std::string_view field);

// Upper-case A-Z, digits and '<' only: diacritics removed, spaces and other marks become '<'.
std::string mrz_text(std::string_view utf8);

// A Vietnamese full name as the MRZ's name line writes it, unpadded: the first word is the
// surname, "<<", then the other words ("Quách Tuyết Loan" -> "QUACH<<TUYET<LOAN").
std::string mrz_name(std::string_view full_name);

struct Td1Card {
  std::string document_code = "ID";
  std::string issuing_state = "VNM";
  std::string document_number;  // 9 characters
  std::string optional_data1;   // up to 14 characters, completed by the card's own rules
  Date birth;
  char sex = '<';                // 'M', 'F' or '<'
  std::optional<Date> expiry;    // none: "Không thời hạn", printed as fillers
  std::string nationality = "VNM";
  std::string optional_data2;    // up to 11 characters
  std::string surname;           // as printed, diacritics allowed; converted here
  std::string given_names;
};

// The three 30-character lines with every check digit and the composite check digit.
std::array<std::string, 3> compose_td1(const Td1Card& card);

// The Vietnamese card layout: document number = last 9 digits of the 12-digit personal number,
// optional data = the 12 digits, "<<" and the check digit of the 12 digits.
Td1Card vietnamese_td1(std::string_view id12, const Date& birth, bool female,
                       const std::optional<Date>& expiry, std::string_view full_name);

}  // namespace sohoa

// Reading a TD1 machine-readable zone back: repairing the usual OCR confusions by the character
// class each position must hold, then verifying every check digit (ICAO 9303 Part 5).
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"

namespace sohoa {

struct Td1Reading {
  std::array<std::string, 3> lines;  // as repaired, 30 characters each
  std::string document_number;       // 9 characters
  std::string personal_number;       // the 12 digits of a Vietnamese card's optional data, if well formed
  std::optional<Date> birth;         // century chosen so the person is 0..109 years old in `today_year`
  char sex = '<';
  std::optional<Date> expiry;        // none when printed as fillers ("Không thời hạn")
  std::string surname, given_names;  // words separated by single spaces
  bool document_ok = false, personal_ok = false, birth_ok = false, expiry_ok = false, composite_ok = false;
  bool header_ok = false;  // document code "I…", issuing state = nationality (no check digit covers them)

  bool all_ok() const { return header_ok && document_ok && personal_ok && birth_ok && expiry_ok && composite_ok; }
  std::string joined() const { return lines[0] + "\n" + lines[1] + "\n" + lines[2]; }
  std::string full_name() const { return surname + (given_names.empty() ? "" : " " + given_names); }
};

// The three lines closest to TD1 shape in the OCR text lines given (spaces dropped, lengths 28..32
// accepted and padded or cut), repaired and checked; nullopt when there are no three such lines.
std::optional<Td1Reading> read_td1(const std::vector<std::string>& ocr_lines, int today_year);

// A field whose check digit fails is replaced by the value the card's other readings give
// (number, date of birth, expiry: none given, or given as "no expiry") when the check digit then
// verifies: the check digit confirms the correction. Every check is then made again.
Td1Reading reconcile_td1(Td1Reading r, const std::string& personal_number, const std::optional<Date>& birth,
                         const std::optional<std::optional<Date>>& expiry, int today_year);

}  // namespace sohoa

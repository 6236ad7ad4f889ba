#include "core/mrz_read.hpp"

#include <algorithm>
#include <cctype>

#include "core/mrz.hpp"

namespace sohoa {
namespace {

// What each position of a Vietnamese TD1 card must hold: 'A' letter, '9' digit, '<' filler,
// '*' anything (name line).
constexpr std::array<const char*, 3> kShape = {
    "AAAAA9999999999999999999999<<9",
    "9999999A9999999AAA<<<<<<<<<<<9",
    "******************************",
};

char as_digit(char c) {
  switch (c) {
    case 'O': case 'Q': case 'D': case 'U': return '0';
    case 'I': case 'L': case 'T': case 'J': return '1';
    case 'Z': return '2';
    case 'A': return '4';
    case 'S': return '5';
    case 'G': case 'b': return '6';
    case 'B': return '8';
    default: return c;
  }
}

char as_letter(char c) {
  switch (c) {
    case '0': return 'O';
    case '1': return 'I';
    case '2': return 'Z';
    case '5': return 'S';
    case '8': return 'B';
    default: return c;
  }
}

std::string squeeze(const std::string& s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The usual length error is a run of fillers read one too long or too short. Lines 1 and 2 end
// with optional data padded by fillers and one check digit (position 29): keep the fixed head,
// re-pad the optional data and put the last character read back at position 29.
std::string fit(std::string s, std::size_t head) {
  if (s.size() == 30) return s;
  if (head == 0 || s.size() <= head + 1) {
    while (s.size() > 30 && s.back() == '<') s.pop_back();
    s.resize(30, '<');
    return s;
  }
  const char last = s.back();
  std::string middle = s.substr(head, s.size() - head - 1);
  while (!middle.empty() && middle.back() == '<') middle.pop_back();
  middle.resize(29 - head, '<');
  return s.substr(0, head) + middle + last;
}

std::string repair(std::string s, const char* shape) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char want = shape[i];
    if (want == '9') s[i] = as_digit(s[i]);
    else if (want == 'A') s[i] = as_letter(s[i]);
    else if (want == '<' && (s[i] == 'K' || s[i] == 'C' || s[i] == 'E')) s[i] = '<';  // '<' is often read as K or C
    if (want == '*' && s[i] == 'K' && i + 1 < s.size() && s[i + 1] == '<') s[i] = '<';
  }
  return s;
}

bool check(const std::string& field, char digit) {
  try {
    return mrz_check_digit(field) == digit;
  } catch (...) {
    return false;
  }
}

std::optional<Date> yymmdd(const std::string& s, int century_pivot_year) {
  if (s.size() != 6 || !std::all_of(s.begin(), s.end(), ::isdigit)) return std::nullopt;
  const int yy = std::stoi(s.substr(0, 2));
  int year = 2000 + yy;
  if (year > century_pivot_year) year -= 100;
  Date d{year, std::stoi(s.substr(2, 2)), std::stoi(s.substr(4, 2))};
  if (!d.valid()) return std::nullopt;
  return d;
}

std::string words(const std::string& s) {
  std::string out;
  bool gap = false;
  for (char c : s) {
    if (c == '<') {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out += ' ';
    gap = false;
    out += c;
  }
  return out;
}

int shape_score(const std::string& line) {
  const int n = static_cast<int>(line.size());
  if (n < 18 || n > 36) return 0;  // the name line's fillers are often read short
  return static_cast<int>(std::count(line.begin(), line.end(), '<')) + 1;
}

}  // namespace

std::optional<Td1Reading> read_td1(const std::vector<std::string>& ocr_lines, int today_year) {
  // the last three lines of TD1 shape, in order
  std::vector<std::string> candidates;
  for (const auto& l : ocr_lines) {
    const std::string s = squeeze(l);
    if (shape_score(s) > 0) candidates.push_back(s);
  }
  if (candidates.size() < 3) return std::nullopt;
  // line 1 starts with the document code; search for "ID" or "I<" followed by two more lines
  std::size_t first = candidates.size() - 3;
  for (std::size_t i = 0; i + 2 < candidates.size(); ++i)
    if (candidates[i].rfind("ID", 0) == 0 || candidates[i].rfind("1D", 0) == 0) first = i;
  Td1Reading r;
  constexpr std::array<std::size_t, 3> kHead = {15, 18, 0};  // fixed characters before the optional data
  for (int k = 0; k < 3; ++k) r.lines[k] = repair(fit(candidates[first + k], kHead[k]), kShape[k]);
  const std::string& l1 = r.lines[0];
  const std::string& l2 = r.lines[1];
  r.document_number = l1.substr(5, 9);
  r.document_ok = check(r.document_number, l1[14]);
  const std::string personal = l1.substr(15, 12);
  if (std::all_of(personal.begin(), personal.end(), ::isdigit) && l1.substr(27, 2) == "<<") {
    r.personal_number = personal;
    r.personal_ok = check(personal, l1[29]) && personal.substr(3) == r.document_number;
  }
  r.birth = yymmdd(l2.substr(0, 6), today_year);
  r.birth_ok = r.birth && check(l2.substr(0, 6), l2[6]);
  r.sex = l2[7];
  const std::string expiry = l2.substr(8, 6);
  if (expiry == "<<<<<<") r.expiry_ok = check(expiry, l2[14]);
  else {
    r.expiry = yymmdd(expiry, today_year + 100);
    r.expiry_ok = r.expiry && check(expiry, l2[14]);
  }
  const std::string composite = l1.substr(5, 25) + l2.substr(0, 7) + l2.substr(8, 7) + l2.substr(18, 11);
  r.composite_ok = check(composite, l2[29]);
  const std::string& l3 = r.lines[2];
  const auto split = l3.find("<<");
  r.surname = words(l3.substr(0, split));
  r.given_names = split == std::string::npos ? "" : words(l3.substr(split + 2));
  return r;
}

}  // namespace sohoa

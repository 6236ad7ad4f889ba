#include "core/mrz_read.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>
#include <vector>

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

// The name line: surname, "<<", given names joined by single '<', then fillers to the end. A
// run of five or more '<' after the surname's separator ends the name, so what follows it is
// fillers misread (K, S, E, specks). (A single '<' between given names is read as up to three.)
std::string name_fillers(std::string line) {
  const auto separator = line.find('<');
  if (separator == std::string::npos) return line;
  const auto given = line.find_first_not_of('<', separator);
  const auto end = given == std::string::npos ? std::string::npos : line.find("<<<<<", given);
  if (end != std::string::npos) std::fill(line.begin() + static_cast<std::ptrdiff_t>(end), line.end(), '<');
  return line;
}

// A Vietnamese name line rebuilt from its words: "SURNAME<<GIVEN<NAMES" padded with fillers. In
// Vietnamese spelling K comes only before H, I, E or Y, so any other K is a '<' misread, either
// inserted before a word ("NGOC<KLOAN") or in place of the '<' between two ("THANHKVAN"); a word
// of filler look-alikes after the name ("UYEN<C") and separators read two or three long between
// given names are fillers too. A line without a surname separator is left as read.
std::string vietnamese_name_line(const std::string& line) {
  const auto separator = line.find("<<");
  if (separator == std::string::npos || separator == 0) return line;
  std::vector<std::string> words;
  std::string word;
  auto end_word = [&] {
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  for (std::size_t i = separator; i < line.size(); ++i) {
    const char c = line[i], next = i + 1 < line.size() ? line[i + 1] : '<';
    if (c == '<' || (c == 'K' && !std::strchr("HIEY", next))) end_word();
    else word += c;
  }
  end_word();
  while (!words.empty() && words.back().find_first_not_of("SECKX") == std::string::npos) words.pop_back();
  std::string out = line.substr(0, separator) + "<";
  for (const auto& w : words) out += "<" + w;
  if (out.size() > line.size()) return line;
  out.resize(line.size(), '<');
  return out;
}

std::string repair(std::string s, const char* shape) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char want = shape[i];
    if (want == '9') s[i] = as_digit(s[i]);
    else if (want == 'A') s[i] = as_letter(s[i]);
    else if (want == '<') s[i] = '<';  // '<' is often read as K, C, E or X
    if (want == '*' && s[i] == 'K' && i + 1 < s.size() && s[i + 1] == '<') s[i] = '<';
    if (want == '*') s[i] = as_letter(s[i]);  // names have no digits
  }
  if (shape[0] == '9' && s.size() >= 14 && std::none_of(s.begin() + 8, s.begin() + 14, ::isdigit))
    std::fill(s.begin() + 8, s.begin() + 14, '<');  // line 2 without expiry: all fillers
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

// How well a 30-character line, before repair, fits its shape; plus 10 for each check digit of
// the line that verifies after repair.
// state: for line 2 the issuing state of line 1; for line 1 the raw line 2, which must contain it.
int line_score(const std::string& raw, int k, const std::string& state) {
  int score = 0;
  for (std::size_t i = 0; i < 30; ++i) {
    const char want = kShape[static_cast<std::size_t>(k)][i], c = raw[i];
    score += (want == '9' && std::isdigit(static_cast<unsigned char>(c))) || (want == 'A' && std::isalpha(static_cast<unsigned char>(c))) ||
             (want == '<' && c == '<');
  }
  const std::string l = repair(raw, kShape[static_cast<std::size_t>(k)]);
  // no check digit covers the document code, the issuing state or the nationality: they must
  // read as the ICAO code "I" + letter or filler and the same state on both lines
  if (k == 0) score += 10 * check(l.substr(5, 9), l[14]) + 10 * check(l.substr(15, 12), l[29]) + 10 * (l[0] == 'I') + 5 * (l[1] == 'D' || l[1] == '<') +
                      10 * (state.find(l.substr(2, 3)) != std::string::npos);
  if (k == 1) score += 10 * check(l.substr(0, 6), l[6]) + 10 * check(l.substr(8, 6), l[14]) + 10 * (l.substr(15, 3) == state);
  return score;
}

// The line read as 30 characters: a character or two read too many or too few is found by
// trying each deletion or filler insertion and keeping the one whose check digits verify.
std::string best_fit(const std::string& read, int k, const std::string& state, std::string* unrepaired = nullptr) {
  constexpr std::array<std::size_t, 3> kHead = {15, 18, 0};  // fixed characters before the optional data
  std::string best = fit(read, kHead[static_cast<std::size_t>(k)]);
  if (unrepaired) *unrepaired = best;
  if (k == 2 || read.size() == 30 || read.size() < 28 || read.size() > 32) return repair(best, kShape[static_cast<std::size_t>(k)]);
  int best_score = line_score(best, k, state);
  std::vector<std::string> variants = {read};
  for (int round = 0; round < 2; ++round) {
    std::vector<std::string> next;
    for (const auto& v : variants) {
      if (v.size() == 30) continue;
      for (std::size_t i = 0; i <= v.size(); ++i) {
        if (v.size() > 30 && i < v.size()) next.push_back(v.substr(0, i) + v.substr(i + 1));
        if (v.size() < 30) next.push_back(v.substr(0, i) + "<" + v.substr(i));
      }
    }
    for (const auto& v : next)
      if (v.size() == 30)
        if (const int score = line_score(v, k, state); score > best_score) best = v, best_score = score;
    variants = std::move(next);
  }
  if (unrepaired) *unrepaired = best;
  return repair(best, kShape[static_cast<std::size_t>(k)]);
}

int shape_score(const std::string& line) {
  const int n = static_cast<int>(line.size());
  if (n < 18 || n > 40) return 0;  // fillers are often read short (name line) or doubled (K<)
  return static_cast<int>(std::count(line.begin(), line.end(), '<')) + 1;
}

// A short name's line read with most of its fillers lost ("UNG<<HONG<Y<<<<<<"): a surname of
// letters, its separator, and nothing but letters and fillers after it.
bool short_name_line(const std::string& line) {
  const auto separator = line.find("<<");
  return line.size() >= 8 && separator != std::string::npos && separator >= 2 &&
         std::all_of(line.begin(), line.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)) || c == '<'; });
}

// Reads the fields of the (repaired) lines and verifies every check digit.
void verify(Td1Reading& r, int today_year) {
  r.document_ok = r.personal_ok = r.birth_ok = r.expiry_ok = r.composite_ok = false;
  r.personal_number.clear();
  r.birth.reset();
  r.expiry.reset();
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
  if (!r.composite_ok && r.document_ok && r.personal_ok && r.birth_ok && r.expiry_ok && l2.substr(18, 11) == std::string(11, '<')) {
    // the composite digit was lost or misread (at the end of a line of fillers it often is):
    // every part it covers verifies by its own check digit or is a filler, so it is restored
    r.lines[1][29] = mrz_check_digit(composite);
    r.composite_ok = true;
  }
}

}  // namespace

std::optional<Td1Reading> read_td1(const std::vector<std::string>& ocr_lines, int today_year) {
  // the last three lines of TD1 shape, in order
  std::vector<std::string> candidates;
  for (const auto& l : ocr_lines) {
    const std::string s = squeeze(l);
    // a line too short for TD1 counts only as the name line, after two lines of its shape
    if (shape_score(s) > 0 || (candidates.size() >= 2 && short_name_line(s))) candidates.push_back(s);
  }
  if (candidates.size() < 3) return std::nullopt;
  // line 1 starts with the document code; search for "ID" or "I<" followed by two more lines
  std::size_t first = candidates.size() - 3;
  for (std::size_t i = 0; i + 2 < candidates.size(); ++i)
    if (candidates[i].rfind("ID", 0) == 0 || candidates[i].rfind("1D", 0) == 0) first = i;
  // line 2: anchor on the nationality (the issuing state of line 1), which the expiry's fillers
  // before it are often read one or two too many or too few
  if (const std::string state = squeeze(candidates[first]).substr(2, 3); state.size() == 3) {
    std::string& l2 = candidates[first + 1];
    const auto at = l2.find(state, 13);  // state: as read, before the line is fitted
    if (at != std::string::npos && at != 15 && at <= 22 && l2.size() > at + 3) {
      std::string expiry = l2.substr(8, at - 8);
      const int digits = static_cast<int>(std::count_if(expiry.begin(), expiry.end(), ::isdigit));
      if (digits < 6) expiry = "<<<<<<0";  // no expiry: fillers and their check digit
      else expiry.resize(7, '<');
      l2 = l2.substr(0, 8) + expiry + l2.substr(at);
    }
  }
  Td1Reading r;
  std::string raw1;
  r.lines[0] = best_fit(candidates[first], 0, candidates[first + 1], &raw1);  // the state is the nationality on line 2
  // Vietnamese document numbers are digits, but ICAO allows letters: a number that verifies as
  // printed is kept as printed
  if (!check(r.lines[0].substr(5, 9), r.lines[0][14]) && check(raw1.substr(5, 9), raw1[14])) r.lines[0].replace(5, 9, raw1.substr(5, 9));
  const std::string state = r.lines[0].substr(2, 3);
  r.lines[1] = best_fit(candidates[first + 1], 1, state);
  r.lines[2] = vietnamese_name_line(name_fillers(best_fit(candidates[first + 2], 2, state)));
  r.header_ok = r.lines[0][0] == 'I' && std::all_of(state.begin(), state.end(), ::isupper) && r.lines[1].substr(15, 3) == state;
  verify(r, today_year);
  const std::string& l3 = r.lines[2];
  const auto split = l3.find("<<");
  r.surname = words(l3.substr(0, split));
  r.given_names = split == std::string::npos ? "" : words(l3.substr(split + 2));
  return r;
}

}  // namespace sohoa

namespace sohoa {

Td1Reading reconcile_td1(Td1Reading r, const std::string& personal_number, const std::optional<Date>& birth,
                         const std::optional<std::optional<Date>>& expiry, int today_year) {
  auto patch = [&](std::string& line, std::size_t at, const std::string& value, char check_digit) {
    if (check(value, check_digit)) line.replace(at, value.size(), value);
  };
  if (personal_number.size() == 12) {
    if (!r.document_ok) patch(r.lines[0], 5, personal_number.substr(3), r.lines[0][14]);
    if (!r.personal_ok) patch(r.lines[0], 15, personal_number, r.lines[0][29]);
  }
  if (!r.birth_ok && birth) patch(r.lines[1], 0, birth->yymmdd(), r.lines[1][6]);
  if (!r.expiry_ok && expiry) patch(r.lines[1], 8, *expiry ? (*expiry)->yymmdd() : "<<<<<<", r.lines[1][14]);
  verify(r, today_year);
  return r;
}

}  // namespace sohoa

#include "extract/grammar.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <numeric>
#include <regex>

#include "core/date.hpp"
#include "core/number_words.hpp"
#include "core/text.hpp"
#include "extract/folded.hpp"
#include "extract/vocabulary.hpp"
#include "models/tables.hpp"

namespace sohoa::extract {
namespace {

Parsed ok(Json v, double certainty = 1) { return {std::move(v), true, certainty}; }
Parsed bad() { return {}; }

// The prefixes of the certificate register (models/tables/registry_prefixes.json).
const std::vector<std::string>& registry_prefixes() {
  static const auto known = models::table("tables/registry_prefixes.json").at("prefixes").get<std::vector<std::string>>();
  return known;
}

bool known_prefix(const std::string& prefix) {
  return std::find(registry_prefixes().begin(), registry_prefixes().end(), prefix) != registry_prefixes().end();
}

// The register's prefix as read, or the one entry of the prefix table it is one letter away from
// ("UP" is "VP"); a prefix neither in the table nor near exactly one entry is kept as read.
std::string registry_prefix(const std::string& read) {
  if (known_prefix(read)) return read;
  std::vector<std::string> near;
  for (const auto& k : registry_prefixes())
    if (k.size() == read.size() && std::inner_product(k.begin(), k.end(), read.begin(), 0, std::plus<>(), std::not_equal_to<>()) == 1)
      near.push_back(k);
  return near.size() == 1 ? near.front() : read;
}

// How sure a prefix is: one of the table read as it is 1, one repaired to the table 0.6, one
// left as read outside the table 0.5 (all but the first go to review).
double registry_prefix_certainty(const std::string& read, const std::string& taken) {
  return read != taken ? 0.6 : known_prefix(read) ? 1 : 0.5;
}

Parsed vocabulary(const std::string& raw, const std::vector<std::string>& entries) {
  const auto c = closest(trim_value(raw), entries, 0.3);
  if (!c) return bad();
  // a correction is believable when the runner-up is much further away than the choice
  const bool clear = c->margin >= 3 * c->distance + 2;
  Parsed p = ok(c->value, c->distance == 0 ? 1.0 : clear ? 0.97 : 0.6);
  if (c->distance == 0 || clear) p.floor = 0.95;
  return p;
}

std::optional<Date> dmy(const std::string& raw) {
  // the slash of dd/mm/yyyy is often read as I, l or |; the digits are repaired after it is found
  static const std::regex re(R"(([0-9OoDQIlSBZ]{1,2})\s*[/.|Ili-]\s*([0-9OoDQIlSBZ]{1,2})\s*[/.|Ili-]\s*([0-9OoDQIlSBZ]{4}))");
  std::smatch m;
  const std::string text = raw;
  if (!std::regex_search(text, m, re)) return std::nullopt;
  for (int k = 1; k <= 3; ++k)
    if (!std::all_of(m[k].first, m[k].second, [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || std::isalpha(static_cast<unsigned char>(c)); }))
      return std::nullopt;
  const std::string dd = repair_digits(m[1].str()), mm = repair_digits(m[2].str()), yyyy = repair_digits(m[3].str());
  if (!std::all_of(dd.begin(), dd.end(), ::isdigit) || !std::all_of(mm.begin(), mm.end(), ::isdigit) ||
      !std::all_of(yyyy.begin(), yyyy.end(), ::isdigit))
    return std::nullopt;
  Date d{std::stoi(yyyy), std::stoi(mm), std::stoi(dd)};
  if (!d.valid()) return std::nullopt;
  return d;
}

// A date whose slashes were lost ("25072026") or read as the 1 or 7 they look like at small
// print ("2810612025"): a lone run of digits only a date fits, less certain than one with its slashes.
std::optional<Date> dmy_without_slashes(const std::string& raw) {
  static const std::regex re(R"((?:^|\s)([0-9]{2})[17]?([0-9]{2})[17]?((?:19|20)[0-9]{2})(?=$|[\s.,:;]))");
  std::smatch m;
  if (!std::regex_search(raw, m, re)) return std::nullopt;
  if (const auto length = m.length(0) - (raw[static_cast<std::size_t>(m.position(0))] == ' '); length != 8 && length != 10) return std::nullopt;
  Date d{std::stoi(m[3].str()), std::stoi(m[2].str()), std::stoi(m[1].str())};
  if (!d.valid()) return std::nullopt;
  return d;
}

Parsed date(const std::string& raw) {
  if (const auto d = dmy(raw)) return ok(d->iso());
  if (const auto d = dmy_without_slashes(raw)) return ok(d->iso(), 0.8);
  return bad();
}

Parsed area(const std::string& raw) {
  std::string s = repair_digits(trim_value(raw));
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  static const std::regex re(R"(^[0-9]{1,3}(\.[0-9]{3})*(,[0-9]+)?$)");
  if (!std::regex_match(s, re)) return bad();
  const auto d = ViDecimal::parse(s);
  if (!d) return bad();
  return ok(d->value());
}

Parsed term(const std::string& raw) {
  const std::string t = trim_value(raw);
  const std::string f = fold(t);
  if (edit_distance(t, "Lâu dài") <= 1) return ok("Lâu dài", edit_distance(t, "Lâu dài") == 0 ? 1 : 0.97);
  // "Đến" misread ("Đấn", "Dến") before a date: less sure
  static const std::regex re(R"(^\s*(?:(den)|d\S{0,2}n)\s*ngay\s*(.*)$)", std::regex::icase);
  std::smatch m;
  if (std::regex_match(f, m, re)) {
    const auto d = dmy(m[2]);
    if (d) return ok("Đến ngày " + d->dmy(), m[1].matched ? 1.0 : 0.9);
  }
  return bad();
}

// A certificate's serial: two capitals and `digits` digits, from the model's pattern (groups) or
// from the text.
Parsed serial(const std::string& raw, const std::vector<std::string>& groups, std::size_t digits_wanted) {
  std::string letters, digits;
  if (groups.size() >= 3) letters = groups[1], digits = groups[2];
  else {
    static const std::regex re(R"(([A-Z]{2})\s*([0-9OoIlSB]{6,8})\b)");
    std::smatch m;
    const std::string f = fold(raw);
    if (!std::regex_search(f, m, re)) return bad();
    letters = m[1], digits = m[2];
  }
  digits = repair_digits(digits);
  if (digits.size() != digits_wanted || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return bad();
  return ok(letters + " " + digits);
}

// Names differ from each other by a tone mark (Ưng and Ứng are both surnames): OCR alone never
// makes a name certain; the card's QR code or the other document must confirm it.
double name_certainty(const NameMatch& m) { return m.known ? (m.distance == 0 ? 0.9 : 0.8) : 0.5; }

using Grammar = std::function<Parsed(const std::string&, const std::vector<std::string>&)>;

const std::map<std::string, Grammar, std::less<>>& grammars() {
  static const std::map<std::string, Grammar, std::less<>> g = {
      // two capitals and the form's digits: 6 on a 2014 certificate, 8 on a 2024 one
      {"serial_2014", [](const std::string& raw, const std::vector<std::string>& groups) { return serial(raw, groups, 6); }},
      {"serial_2024", [](const std::string& raw, const std::vector<std::string>& groups) { return serial(raw, groups, 8); }},
      {"registry_number", [](const std::string& raw, const auto&) {
         static const std::regex re(R"(^([A-Z]{2})\s?([0-9OIlS]{5})$)");
         std::smatch m;
         const std::string t = fold(trim_value(raw));
         if (!std::regex_match(t, m, re)) return bad();
         const std::string prefix = registry_prefix(m[1].str());
         return ok(collapse_spaces(prefix + t.substr(2, t.size() - 7) + repair_digits(m[2].str())), registry_prefix_certainty(m[1].str(), prefix));
       }},
      {"title", [](const std::string& raw, const auto&) {
         const std::string f = fold(trim_value(raw));
         static const std::regex re(R"(^(ong|ba)\b.*)", std::regex::icase);
         std::smatch m;
         if (!std::regex_match(f, m, re)) return bad();
         const std::string w = m[1].str();
         return ok(w.size() == 3 ? "Ông" : "Bà");
       }},
      {"person_name", [](const std::string& raw, const auto&) {
         const auto m = correct_name(raw, false);
         if (m.value.empty()) return bad();
         return Parsed{m.value, true, name_certainty(m)};
       }},
      {"card_name", [](const std::string& raw, const auto&) {
         const auto m = correct_name(raw, true);
         if (m.value.empty()) return bad();
         return Parsed{m.value, true, name_certainty(m)};
       }},
      {"year", [](const std::string& raw, const auto&) {
         const std::string d = repair_digits(trim_value(raw));
         static const std::regex re(R"(^(19|20)[0-9]{2}$)");
         if (!std::regex_match(d, re)) return bad();
         return ok(std::stoi(d));
       }},
      {"id_type", [](const std::string& raw, const auto&) {
         std::string f = fold(upper_vi(trim_value(raw)));
         f.erase(std::remove_if(f.begin(), f.end(), [](char c) { return std::ispunct(static_cast<unsigned char>(c)); }), f.end());  // "CMND)"
         if (f == "CCCD") return ok("CCCD");
         if (f == "CMND") return ok("CMND");
         if (f == "CAN CUOC" || f == "CC") return ok("CC");
         const auto c = closest(f, {"CCCD", "CMND", "CAN CUOC"}, 0.3);
         if (!c) return bad();
         return ok(c->value == "CAN CUOC" ? "CC" : c->value, 0.8);
       }},
      {"id_number", [](const std::string& raw, const auto&) {
         // worn print: a 0 read as U, a 7 as a slash (less sure)
         std::string d = trim_value(raw);
         const bool worn = d.find_first_of("U/") != std::string::npos;
         std::replace(d.begin(), d.end(), 'U', '0');
         std::replace(d.begin(), d.end(), '/', '7');
         d = repair_digits(d);
         d.erase(std::remove(d.begin(), d.end(), ' '), d.end());
         if (!std::all_of(d.begin(), d.end(), ::isdigit) || (d.size() != 12 && d.size() != 9)) return bad();
         return ok(d, worn ? 0.8 : 1.0);
       }},
      {"parcel_number", [](const std::string& raw, const auto&) {
         const std::string d = repair_digits(trim_value(raw));
         static const std::regex re(R"(^[0-9]{1,5}[a-zA-Z]?$)");
         if (!std::regex_match(d, re)) return bad();
         return ok(d);
       }},
      {"address", [](const std::string& raw, const auto&) {
         const auto m = correct_address(raw);
         if (m.value.empty()) return bad();
         Parsed p{m.value, true, m.known ? (m.distance == 0 ? 1.0 : m.distance <= 2 ? 0.95 : 0.7) : 0.4};
         // a type word or words around the units the reading had wrong: the repair is shown for review
         if (m.repaired) p.certainty = std::min(p.certainty, 0.7);
         else if (m.known && m.distance <= 1) p.floor = 0.95;  // units nested as the table has them
         return p;
       }},
      {"area", [](const std::string& raw, const auto&) { return area(raw); }},
      {"area_words", [](const std::string& raw, const auto&) {
         std::string t = trim_value(raw);
         if (!t.empty() && t.back() == ')') t.pop_back();
         return t.empty() ? bad() : ok(trim_value(t));
       }},
      {"use_form", [](const std::string& raw, const auto&) { return vocabulary(raw, {"Sử dụng riêng", "Sử dụng chung"}); }},
      {"land_use_name", [](const std::string& raw, const auto&) { return vocabulary(raw, land_use_names()); }},
      {"land_use_code", [](const std::string& raw, const auto&) {
         const std::string t = upper_vi(trim_value(raw));
         for (const char* form : {"2014", "2024"})
           if (models::land_use_by_code(form, t)) return ok(t);
         return bad();
       }},
      {"term", [](const std::string& raw, const auto&) { return term(raw); }},
      {"term_list", [](const std::string& raw, const auto&) {
         // "Lâu dài", or "<purpose>: <term>; <purpose>: <term>" when the parcel has several
         if (raw.find(':') == std::string::npos) return term(raw);
         std::string out;
         double certainty = 1;
         std::string rest = trim_value(raw);
         while (!rest.empty()) {
           const auto colon = rest.find(':');
           if (colon == std::string::npos) return bad();
           const auto semi = rest.find(';', colon);
           const Parsed name = vocabulary(rest.substr(0, colon), land_use_names());
           const Parsed t = term(rest.substr(colon + 1, semi == std::string::npos ? std::string::npos : semi - colon - 1));
           if (!name.valid || !t.valid) return bad();
           certainty = std::min({certainty, name.certainty, t.certainty});
           out += (out.empty() ? "" : "; ") + name.value.get<std::string>() + ": " + t.value.get<std::string>();
           rest = semi == std::string::npos ? "" : trim_value(rest.substr(semi + 1));
         }
         return ok(out, certainty);
       }},
      {"origin", [](const std::string& raw, const auto&) { return vocabulary(raw, origin_phrases()); }},
      {"date_phrase", [](const std::string& raw, const std::vector<std::string>& groups) {
         if (groups.size() < 4) return bad();
         // the model's pattern lets digit look-alikes through ("ngày 2] tháng 04") and a "ngày" a
         // seal has blotted out: repaired, less sure
         std::array<int, 3> n{};
         bool repaired = false;
         for (std::size_t i = 0; i < 3; ++i) {
           const std::string digits = repair_digits(groups[i + 1]);
           if (digits.find_first_not_of("0123456789") != std::string::npos) return bad();
           repaired = repaired || digits != groups[i + 1];
           n[i] = std::stoi(digits);
         }
         Date d{n[2], n[1], n[0]};
         const bool worded = fold(raw).rfind("ngay", 0) == 0;
         // a digit the pattern passed over ("ngày 134 tháng", a seal's ring read as a digit)
         const auto digits_in = [](const std::string& t) { return std::count_if(t.begin(), t.end(), ::isdigit); };
         const bool skipped = digits_in(raw) > digits_in(groups[1] + groups[2] + groups[3]);
         return d.valid() ? ok(d.iso(), repaired || skipped ? 0.8 : worded ? 1.0 : 0.85) : bad();
       }},
      {"date_dmy", [](const std::string& raw, const auto&) { return date(raw); }},
      {"expiry", [](const std::string& raw, const auto&) {
         const std::string t = trim_value(raw);
         if (edit_distance(t, "Không thời hạn") <= 2) return Parsed{nullptr, true, edit_distance(t, "Không thời hạn") == 0 ? 1.0 : 0.95};
         return date(t);
       }},
      {"sex", [](const std::string& raw, const auto&) { return vocabulary(raw, {"Nam", "Nữ"}); }},
      {"nationality", [](const std::string& raw, const auto&) { return vocabulary(raw, {"Việt Nam"}); }},
  };
  return g;
}

}  // namespace

std::string repair_digits(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    switch (c) {
      case 'O': case 'o': case 'D': case 'Q': c = '0'; break;
      case 'I': case 'l': case '|': case '!': case ']': c = '1'; break;
      case 'S': c = '5'; break;
      case 'B': c = '8'; break;
      case 'Z': c = '2'; break;
      default: break;
    }
  }
  return out;
}

bool known_grammar(std::string_view grammar) { return grammars().count(grammar) > 0; }

Parsed parse_value(std::string_view grammar, const std::string& raw, const std::vector<std::string>& groups) {
  const auto it = grammars().find(grammar);
  if (it == grammars().end()) return bad();
  return it->second(nfc(raw), groups);
}

}  // namespace sohoa::extract

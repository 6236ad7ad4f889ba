#include "extract/vocabulary.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/text.hpp"
#include "extract/folded.hpp"
#include "models/tables.hpp"

namespace sohoa::extract {
namespace {

std::vector<std::string> strings_of(const sohoa::Json& list) {
  std::vector<std::string> out;
  for (const auto& s : list) out.push_back(s.get<std::string>());
  return out;
}

// The text of s after its first n code points.
std::string after_code_points(const std::string& s, std::size_t n) {
  std::size_t byte = 0;
  for (std::size_t cp = 0; byte < s.size() && cp < n; ++cp) {
    const unsigned char b = static_cast<unsigned char>(s[byte]);
    byte += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  }
  return s.substr(std::min(byte, s.size()));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) out.push_back(trim_value(cur)), cur.clear();
    else cur += c;
  }
  out.push_back(trim_value(cur));
  return out;
}

// Unit types as they may precede a name; longest first so "thành phố" wins over nothing.
const std::vector<std::string> kUnitTypes = {"thành phố", "thị trấn", "thị xã", "phường", "huyện", "quận", "tỉnh", "xã"};

struct Unit {
  std::string type;  // as printed (original case), empty if none
  std::string name;
};

Unit split_type(const std::string& part) {
  const std::string f = fold(part);
  for (const auto& t : kUnitTypes) {
    const std::string ft = fold(t);
    if (f.size() <= ft.size() + 1 || f[ft.size()] != ' ' || fold(upper_vi(f.substr(0, ft.size()))) != fold(upper_vi(ft))) continue;
    // keep the printed case of the type (capitalised on 2024 cards), in the known spelling
    std::string type = t;  // every unit type starts with an ASCII letter
    if (std::isupper(static_cast<unsigned char>(part[0]))) type = upper_vi(t.substr(0, 1)) + t.substr(1);
    return {type, trim_value(after_code_points(part, ft.size() + 1))};
  }
  return {"", part};
}

// OCR often reads the comma between two units as a full stop or a semicolon ("Nguyễn Trãi. thị
// trấn Mỏ Cày"): punctuation followed by a unit type is a comma.
std::string commas_before_units(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '.' && text[i] != ';' && text[i] != ':') {
      out += text[i];
      continue;
    }
    std::size_t next = i;
    while (next < text.size() && (text[next] == '.' || text[next] == ';' || text[next] == ':' || text[next] == ',')) ++next;
    if (next == text.size() || text[next] != ' ') {
      out += text[i];
      continue;
    }
    const std::string rest = fold(text.substr(next + 1));
    std::string lower;
    for (char c : rest) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool unit = std::any_of(kUnitTypes.begin(), kUnitTypes.end(), [&](const std::string& t) { return lower.rfind(fold(t) + " ", 0) == 0; });
    out += unit ? ',' : text[i];
    if (unit) i = next - 1;
  }
  return out;
}

}  // namespace

std::string trim_value(std::string_view s) {
  std::string t = collapse_spaces(s);
  // punctuation and quote marks that specks or a neighbouring label's end are read as
  static const std::vector<std::string> junk = {",", ".", ";", ":", "|", "-", "_", " ", "'", "\"", "`", "‘", "’", "“", "”"};
  for (bool trimmed = true; trimmed;) {
    trimmed = false;
    for (const auto& j : junk) {
      if (t.size() >= j.size() && t.compare(0, j.size(), j) == 0) t.erase(0, j.size()), trimmed = true;
      if (t.size() >= j.size() && t.compare(t.size() - j.size(), j.size(), j) == 0) t.resize(t.size() - j.size()), trimmed = true;
    }
  }
  return t;
}

double edit_distance(std::string_view a, std::string_view b) {
  const auto x = code_points(upper_vi(a)), y = code_points(upper_vi(b));
  std::vector<double> prev(y.size() + 1), cur(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) prev[j] = static_cast<double>(j);
  for (std::size_t i = 1; i <= x.size(); ++i) {
    cur[0] = static_cast<double>(i);
    for (std::size_t j = 1; j <= y.size(); ++j) {
      double sub = 0;
      if (x[i - 1] != y[j - 1]) sub = fold_code_point(x[i - 1]) == fold_code_point(y[j - 1]) && fold_code_point(x[i - 1]) != '?' ? 0.5 : 1.0;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub});
    }
    std::swap(prev, cur);
  }
  return prev[y.size()];
}

std::optional<Choice> closest(std::string_view text, const std::vector<std::string>& entries, double max_share) {
  std::optional<Choice> best;
  double second = 99;
  for (const auto& e : entries) {
    const double d = edit_distance(text, e);
    if (!best || d < best->distance) {
      if (best) second = std::min(second, best->distance);
      best = Choice{e, d, 0};
    } else {
      second = std::min(second, d);
    }
  }
  if (!best) return std::nullopt;
  best->margin = second - best->distance;
  const double length = static_cast<double>(code_points(best->value).size());
  if (best->distance > std::max(1.0, max_share * length)) return std::nullopt;
  return best;
}

const std::vector<std::string>& land_use_names() {
  static const auto names = [] {
    std::set<std::string> s;
    for (const char* form : {"2014", "2024"})
      for (const auto& l : models::land_uses(form)) s.insert(l.name);
    return std::vector<std::string>(s.begin(), s.end());
  }();
  return names;
}

const std::vector<std::string>& origin_phrases() {
  static const auto list = strings_of(models::table("tables/names.json").at("origins"));
  return list;
}

namespace {

// Words OCR makes of specks inside a place's name: a letter glued to a digit ("Hòa L4 Vang").
// Names of communes, districts and provinces have no such word (numbered wards are "Phường 5").
std::string without_speck_words(const std::string& part) {
  std::string out;
  for (const auto& w : split(part, ' ')) {
    const bool letter = std::any_of(w.begin(), w.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || (c & 0x80); });
    const bool digit = std::any_of(w.begin(), w.end(), ::isdigit);
    if (!(letter && digit)) out += (out.empty() ? "" : " ") + w;
  }
  return out;
}

}  // namespace

AddressMatch correct_address(std::string_view text) {
  AddressMatch m;
  m.value = trim_value(text);
  // a single lower-case letter before the address is a speck ("m Hà Tu, …")
  if (m.value.size() > 2 && std::islower(static_cast<unsigned char>(m.value[0])) && m.value[1] == ' ') m.value = m.value.substr(2);
  auto parts = split(commas_before_units(m.value), ',');
  if (parts.size() < 3) return m;
  for (std::size_t i = parts.size() - 3; i < parts.size(); ++i) parts[i] = without_speck_words(parts[i]);
  const auto& places = models::table("tables/places.json").at("places");
  std::vector<Unit> units = {split_type(parts[parts.size() - 3]), split_type(parts[parts.size() - 2]), split_type(parts.back())};
  // province
  std::vector<std::string> province_names;
  for (const auto& p : models::provinces()) province_names.push_back(p.name);
  const auto province = closest(units[2].name, province_names, 0.34);
  if (!province) return m;
  const models::Province* prov = nullptr;
  for (const auto& p : models::provinces())
    if (p.name == province->value) prov = &p;
  double distance = province->distance;
  units[2].name = province->value;
  const sohoa::Json* place = nullptr;
  for (const auto& p : places)
    if (p.at("province") == prov->code) place = &p;
  // A name may begin with the letters of a unit type ("Quán Hành" folds as "quận Hành"): a unit
  // is looked up both with and without its type split off, and the nearer reading wins.
  auto look_up = [](Unit& unit, const std::string& part, const std::vector<std::string>& names) {
    auto c = closest(unit.name, names, 0.34);
    if (!unit.type.empty())
      if (const auto whole = closest(part, names, 0.34); whole && (!c || whole->distance < c->distance)) c = whole, unit = {"", part};
    return c;
  };
  bool known = place != nullptr && province->margin >= 2;
  if (place) {
    std::vector<std::string> districts;
    for (const auto& d : place->at("districts")) districts.push_back(d.at("name"));
    const auto district = look_up(units[1], parts[parts.size() - 2], districts);
    known = known && district && district->margin >= 1.5;
    if (district) {
      units[1].name = district->value, distance += district->distance;
      for (const auto& d : place->at("districts")) {
        if (d.at("name") != district->value) continue;
        std::vector<std::string> communes;
        for (const auto& c : d.at("communes")) communes.push_back(c.at("name"));
        const auto commune = look_up(units[0], parts[parts.size() - 3], communes);
        known = known && commune && commune->margin >= 1.5;
        if (commune) units[0].name = commune->value, distance += commune->distance;
      }
    }
  }
  // the units of one address all carry their type or none does (2021 cards): a type missing
  // in the middle means a word was lost
  const int typed = !units[0].type.empty() + !units[1].type.empty() + !units[2].type.empty();
  known = known && (typed == 0 || typed == 3);
  // the locality: a village or "Số N đường <street>"; words checked against the tables
  std::string locality;
  for (std::size_t i = 0; i + 3 < parts.size(); ++i) locality += (locality.empty() ? "" : ", ") + parts[i];
  if (!locality.empty()) {
    const auto& names = models::table("tables/names.json");
    std::vector<std::string> villages;
    for (const char* k : {"villages_north", "villages_central", "villages_south"})
      for (const auto& v : names.at(k)) villages.push_back(v);
    const std::string f = fold(locality);
    if (f.size() > 3 && std::tolower(static_cast<unsigned char>(f[0])) == 's' && std::tolower(static_cast<unsigned char>(f[1])) == 'o' && f[2] == ' ') {
      // "Số 12 đường Lê Lợi"
      const auto street_at = f.find(" duong ");
      if (street_at == std::string::npos) known = false;
      else {
        std::string number;
        for (std::size_t i = 3; i < street_at; ++i) number += f[i];
        const std::string original_tail = after_code_points(locality, street_at + 7);
        const auto s = closest(original_tail, strings_of(names.at("streets")), 0.34);
        const bool digits = !number.empty() && std::all_of(number.begin(), number.end(), ::isdigit);
        known = known && s && digits && s->margin >= 1.5;
        if (s && digits) locality = "Số " + number + " đường " + s->value, distance += s->distance;
      }
    } else {
      const auto v = closest(locality, villages, 0.34);
      known = known && v && v->margin >= 1.5;
      if (v) locality = v->value, distance += v->distance;
    }
  }
  std::string out = locality.empty() ? "" : locality + ", ";
  for (std::size_t i = 0; i < 3; ++i)
    out += (units[i].type.empty() ? "" : units[i].type + " ") + units[i].name + (i < 2 ? ", " : "");
  m.value = out;
  m.known = known;
  m.distance = distance;
  return m;
}

NameMatch correct_name(std::string_view text, bool upper) {
  static const auto syllables = [] {
    std::set<std::string> s;
    const auto& n = models::table("tables/names.json");
    for (const char* k : {"surnames", "middle_male", "middle_female", "given_male", "given_female"})
      for (const auto& name : n.at(k))
        for (const auto& w : split(name.get<std::string>(), ' ')) s.insert(w);
    return std::vector<std::string>(s.begin(), s.end());
  }();
  NameMatch m;
  m.known = true;
  for (const auto& w : split(trim_value(text), ' ')) {
    if (w.empty()) continue;
    const auto c = closest(w, syllables, 0.5);
    std::string word = w;
    if (c && (c->distance == 0 || c->margin >= 1)) word = c->value, m.distance += c->distance;
    else m.known = false;
    if (upper) word = upper_vi(word);
    m.value += (m.value.empty() ? "" : " ") + word;
  }
  if (m.value.empty()) m.known = false;
  return m;
}

}  // namespace sohoa::extract

#include "extract/vocabulary.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
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

// Words first..last-1 of a list, joined by spaces.
std::string joined(const std::vector<std::string>& words, std::size_t first, std::size_t last) {
  std::string out;
  for (std::size_t i = first; i < last; ++i) out += (out.empty() ? "" : " ") + words[i];
  return out;
}

// The words of the tables' place names, folded: a word a type word might be misread from
// ("Phượng" of "Đan Phượng" is near "phường") is only a type word when spelt exactly.
const std::set<std::string>& place_name_words() {
  static const auto words = [] {
    std::set<std::string> out;
    auto add = [&](const std::string& name) {
      for (const auto& w : split(fold(upper_vi(name)), ' ')) out.insert(w);
    };
    for (const auto& p : models::table("tables/places.json").at("places"))
      for (const auto& d : p.at("districts")) {
        add(d.at("name"));
        for (const auto& c : d.at("communes")) add(c.at("name"));
      }
    return out;
  }();
  return words;
}

// Whether words[i] starts a unit: a type word, exact or a letter or two misread, and a name after it.
bool type_word_at(const std::vector<std::string>& words, std::size_t i) {
  for (const auto& t : kUnitTypes) {
    const std::size_t n = static_cast<std::size_t>(std::count(t.begin(), t.end(), ' ')) + 1;
    if (i + n >= words.size()) continue;
    const std::string printed = joined(words, i, i + n);
    if (upper_vi(printed) == upper_vi(t)) return true;
    // one-syllable types of three letters or more ("huyên", "huvện"), not a name's word
    if (n == 1 && fold(t).size() > 3 && edit_distance(printed, t) <= 1.5 && !place_name_words().count(fold(upper_vi(printed)))) return true;
  }
  return false;
}

// A part that starts with a unit type and holds another type word further on is two units whose
// comma the OCR lost ("xã Phú Mỹ huyên Phú Vang"); no place name holds a type word. A part of one
// word without a type after a typed one is the rest of that one's name, cut by a comma read
// inside it ("tỉnh Quảng, Ninh").
std::vector<std::string> units_as_printed(const std::vector<std::string>& parts) {
  std::vector<std::string> out;
  for (const auto& part : parts) {
    const auto words = split(part, ' ');
    if (!out.empty() && words.size() == 1 && split_type(part).type.empty() && !split_type(out.back()).type.empty()) {
      out.back() += " " + part;
      continue;
    }
    std::size_t from = 0;
    if (!split_type(part).type.empty())
      for (std::size_t i = 2; i < words.size(); ++i)
        if (type_word_at(words, i)) out.push_back(joined(words, from, i)), from = i;
    out.push_back(joined(words, from, words.size()));
  }
  return out;
}

// A unit as the tables have it.
struct Entry {
  std::string type, name;  // "huyện", "Nghi Lộc"
};

std::vector<Entry> entries_of(const sohoa::Json& units) {
  std::vector<Entry> out;
  for (const auto& u : units) out.push_back({u.at("type"), u.at("name")});
  return out;
}

// A type word as the address prints them: capitalised on 2024 cards.
std::string in_case(const std::string& type, bool capitalised) {
  return capitalised ? upper_vi(type.substr(0, 1)) + type.substr(1) : type;
}

struct UnitMatch {
  Unit unit;              // as written back
  double distance = 0;    // of the reading from it
  double margin = 99;     // the runner-up's distance minus this one's
  bool repaired = false;  // a type word misread, or words beside the unit dropped
};

// The unit text names. Each entry is compared three ways: with a type word printed before it split
// off (the printed type kept), as a bare name (a name may begin like a type word: "Quán Hành" folds
// as "quận Hành"), and as the table's type and name, so that a misread type word ("ậuyện", "hị
// trấn", "nhường") is read as the unit's own, up to two letters wrong.
std::optional<UnitMatch> match_unit(const std::string& text, const std::vector<Entry>& entries, bool capitalised) {
  const Unit printed = split_type(text);
  std::optional<UnitMatch> best;
  double best_limit = 0, second = 99;
  for (const auto& e : entries) {
    const double limit = std::max(1.0, 0.34 * static_cast<double>(code_points(e.name).size()));
    std::vector<std::pair<UnitMatch, double>> ways = {{{Unit{"", e.name}, edit_distance(text, e.name)}, limit}};
    if (!printed.type.empty()) ways.push_back({{Unit{printed.type, e.name}, edit_distance(printed.name, e.name)}, limit});
    if (!e.type.empty()) {
      const double typed = edit_distance(text, e.type + " " + e.name);
      const bool retyped = typed > 0 && upper_vi(printed.type) != upper_vi(e.type);
      ways.push_back({{Unit{in_case(e.type, capitalised), e.name}, typed, 99, retyped}, limit + (printed.type.empty() ? 2 : 0)});
    }
    // the nearest way; on a tie the earlier (the printed type kept over the table's)
    const auto way = std::min_element(ways.begin(), ways.end(), [](const auto& a, const auto& b) { return a.first.distance < b.first.distance; });
    if (!best || way->first.distance < best->distance) {
      if (best) second = std::min(second, best->distance);
      best = way->first, best_limit = way->second;
    } else {
      second = std::min(second, way->first.distance);
    }
  }
  if (!best || best->distance > best_limit) return std::nullopt;
  best->margin = second - best->distance;
  return best;
}

// The unit that text names, or, failing that, the one some of its words name: the last ones
// (after a remnant of the field's label: "( Pkwce of or Đa Phước Hội") or the first ones (before
// specks and print below the field: "Hà Nội Tiđông tr tài sản"). What is dropped makes it a repair.
std::optional<UnitMatch> match_words(const std::string& text, const std::vector<Entry>& entries, bool capitalised, bool leading) {
  if (auto whole = match_unit(text, entries, capitalised)) return whole;
  const auto words = split(text, ' ');
  std::optional<UnitMatch> best;
  for (std::size_t n = words.size() - 1; n >= 1; --n) {
    const std::string some = leading ? joined(words, words.size() - n, words.size()) : joined(words, 0, n);
    const auto m = match_unit(some, entries, capitalised);
    if (m && m->margin >= 1.5 && (!best || m->distance < best->distance)) best = m;
  }
  if (best) best->repaired = true;
  return best;
}

// What a locality reads as: "Số 12 đường Lê Lợi" (the number word misread: "SÃ 16", "Sð 41",
// "Số*152") or a village of the tables, possibly after a remnant of the field's label.
struct Locality {
  std::string value;
  double distance = 0;
  bool known = false, repaired = false;
};

Locality match_locality(const std::string& locality) {
  const auto& names = models::table("tables/names.json");
  const std::string f = fold(locality);
  static const std::regex street(R"((^|[^A-Za-z?])[sS]\S{0,2}?\s*[*.]?\s*([0-9]{1,4}) +[dD][uU][oO][nN][gG] +)");
  std::smatch at;
  if (std::regex_search(f, at, street)) {
    const auto begin = static_cast<std::size_t>(at.position(0) + at.length(1));
    const std::string tail = after_code_points(locality, static_cast<std::size_t>(at.position(0) + at.length(0)));
    const auto s = closest(tail, strings_of(names.at("streets")), 0.34);
    if (!s) return {locality};
    const std::string number = at[2].str();
    std::string number_word = fold(after_code_points(locality, begin)).substr(0, 3);
    for (auto& c : number_word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return {"Số " + number + " đường " + s->value, s->distance, s->margin >= 1.5, begin > 0 || number_word != "so "};
  }
  std::vector<Entry> villages;
  for (const char* k : {"villages_north", "villages_central", "villages_south"})
    for (const auto& v : names.at(k)) villages.push_back({"", v});
  const auto v = match_words(locality, villages, false, true);
  if (!v) return {locality};
  return {v->unit.name, v->distance, v->margin >= 1.5, v->repaired};
}

// Whether the address prints its type words capitalised (2024 cards) rather than in lower case.
bool capitalised_types(const std::vector<std::string>& parts) {
  int upper = 0, lower = 0;
  for (const auto& p : parts)
    if (!split_type(p).type.empty()) (std::isupper(static_cast<unsigned char>(p[0])) ? upper : lower) += 1;
  return upper > lower;
}

const sohoa::Json* place_of(const std::string& province_code) {
  for (const auto& p : models::table("tables/places.json").at("places"))
    if (p.at("province") == province_code) return &p;
  return nullptr;
}

// The province whose district the part names, when the province itself is unreadable: only a
// district no other province of the tables has.
const models::Province* province_by_district(const std::string& part, bool capitalised) {
  const models::Province* found = nullptr;
  int matches = 0;
  for (const auto& p : models::table("tables/places.json").at("places"))
    if (const auto d = match_unit(part, entries_of(p.at("districts")), capitalised); d && d->margin >= 1.5 && d->distance <= 1)
      found = models::province_by_code(p.at("province").get<std::string>()), ++matches;
  return matches == 1 ? found : nullptr;
}

}  // namespace

AddressMatch correct_address(std::string_view text) {
  AddressMatch m;
  m.value = trim_value(text);
  // a single lower-case letter before the address is a speck ("m Hà Tu, …")
  if (m.value.size() > 2 && std::islower(static_cast<unsigned char>(m.value[0])) && m.value[1] == ' ') m.value = m.value.substr(2);
  const auto read_parts = split(commas_before_units(m.value), ',');
  auto parts = units_as_printed(read_parts);
  if (parts.size() < 3) return m;
  bool repaired = parts != read_parts;  // a comma lost or read inside a name
  for (std::size_t i = parts.size() - 3; i < parts.size(); ++i) parts[i] = without_speck_words(parts[i]);
  const bool capitalised = capitalised_types(parts);
  std::vector<Entry> province_entries;
  for (const auto& p : models::provinces()) province_entries.push_back({p.type, p.name});
  const auto province = match_words(parts.back(), province_entries, capitalised, false);
  std::vector<Unit> units(3);
  double distance = 0;
  bool known = false;
  const models::Province* prov = nullptr;
  if (province) {
    for (const auto& p : models::provinces())
      if (p.name == province->unit.name) prov = &p;
    units[2] = province->unit, distance = province->distance, repaired = repaired || province->repaired;
    known = province->margin >= 2;
  } else if ((prov = province_by_district(parts[parts.size() - 2], capitalised))) {
    // what stood for the province was print below the field or specks: flagged, as a guess
    const bool typed = !split_type(parts[parts.size() - 2]).type.empty();
    units[2] = {typed ? in_case(prov->type, capitalised) : "", prov->name};
    repaired = true;
  } else {
    return m;
  }
  const sohoa::Json* place = place_of(prov->code);
  known = known && place != nullptr;
  units[0] = split_type(parts[parts.size() - 3]), units[1] = split_type(parts[parts.size() - 2]);
  if (place) {
    const auto district = match_unit(parts[parts.size() - 2], entries_of(place->at("districts")), capitalised);
    known = known && district && district->margin >= 1.5;
    if (district) {
      units[1] = district->unit, distance += district->distance, repaired = repaired || district->repaired;
      for (const auto& d : place->at("districts")) {
        if (d.at("name") != district->unit.name) continue;
        // with no locality, the commune is the first part: a label's remnant may lead it
        const auto commune = match_words(parts[parts.size() - 3], entries_of(d.at("communes")), capitalised, true);
        known = known && commune && commune->margin >= 1.5;
        if (commune) units[0] = commune->unit, distance += commune->distance, repaired = repaired || commune->repaired;
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
    const Locality l = match_locality(locality);
    locality = l.value, distance += l.distance, repaired = repaired || l.repaired;
    known = known && l.known;
  }
  std::string out = locality.empty() ? "" : locality + ", ";
  for (std::size_t i = 0; i < 3; ++i)
    out += (units[i].type.empty() ? "" : units[i].type + " ") + units[i].name + (i < 2 ? ", " : "");
  m.value = out;
  m.known = known;
  m.repaired = repaired;
  m.distance = distance;
  return m;
}

std::optional<std::string> with_unit_types(std::string_view address) {
  auto parts = split(address, ',');
  if (parts.size() < 3) return std::nullopt;
  std::vector<std::string> names;
  for (std::size_t i = parts.size() - 3; i < parts.size(); ++i) names.push_back(split_type(parts[i]).name);
  const models::Province* prov = nullptr;
  for (const auto& p : models::provinces())
    if (p.name == names[2]) prov = &p;
  const sohoa::Json* place = prov ? place_of(prov->code) : nullptr;
  if (!place) return std::nullopt;
  for (const auto& d : place->at("districts")) {
    if (d.at("name") != names[1]) continue;
    for (const auto& c : d.at("communes")) {
      if (c.at("name") != names[0]) continue;
      std::string out;
      for (std::size_t i = 0; i + 3 < parts.size(); ++i) out += parts[i] + ", ";
      return out + c.at("type").get<std::string>() + " " + names[0] + ", " + d.at("type").get<std::string>() + " " + names[1] + ", " +
             prov->type + " " + names[2];
    }
  }
  return std::nullopt;
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
    // a word without a letter is a speck after the name (": ¬."), not a syllable to correct into
    // one; so is a lone consonant ("LAN R"): a one-letter Vietnamese syllable is a vowel
    const std::string folded = fold(w);
    if (std::none_of(folded.begin(), folded.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) continue;
    if (folded.size() == 1 && std::string_view("aeiouyAEIOUY").find(folded[0]) == std::string_view::npos) continue;
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

#include "models/tables.hpp"

#include <map>
#include <mutex>
#include <stdexcept>

#include "core/text.hpp"

namespace sohoa::models {

const Json& table(std::string_view path) {
  static std::mutex mutex;
  static std::map<std::string, Json, std::less<>> cache;
  std::lock_guard lock(mutex);
  auto it = cache.find(path);
  if (it == cache.end()) it = cache.emplace(std::string(path), Json::parse(embedded(path))).first;
  return it->second;
}

const std::vector<Province>& provinces() {
  static const auto list = [] {
    std::vector<Province> out;
    for (const auto& p : table("tables/provinces.json").at("provinces"))
      out.push_back({p.at("code"), p.at("name"), p.at("type")});
    return out;
  }();
  return list;
}

const Province* province_by_code(std::string_view code) {
  for (const auto& p : provinces())
    if (p.code == code) return &p;
  return nullptr;
}

const std::vector<LandUse>& land_uses(std::string_view form) {
  auto load = [](const char* path) {
    std::vector<LandUse> out;
    for (const auto& p : table(path).at("purposes")) out.push_back({p.at("code"), p.at("name")});
    return out;
  };
  static const auto l2014 = load("tables/land_use_2014.json");
  static const auto l2024 = load("tables/land_use_2024.json");
  if (form == "2014") return l2014;
  if (form == "2024") return l2024;
  throw std::invalid_argument("no land-use table for form " + std::string(form));
}

const LandUse* land_use_by_code(std::string_view form, std::string_view code) {
  for (const auto& l : land_uses(form))
    if (l.code == code) return &l;
  return nullptr;
}

const std::vector<District>& districts_of(std::string_view province_code) {
  static const auto by_province = [] {
    std::map<std::string, std::vector<District>, std::less<>> out;
    for (const auto& p : table("tables/places.json").at("places")) {
      auto& districts = out[p.at("province").get<std::string>()];
      for (const auto& d : p.at("districts")) {
        District district{d.value("code", ""), d.at("type"), d.at("name"), {}};
        for (const auto& c : d.at("communes")) district.communes.push_back({c.value("code", ""), c.at("type"), c.at("name")});
        districts.push_back(district);
      }
    }
    return out;
  }();
  static const std::vector<District> none;
  const auto it = by_province.find(province_code);
  return it == by_province.end() ? none : it->second;
}

namespace {

// A name as compared: upper case, single spaces, tone marks placed the older way ("Thuỷ" and
// "Thủy" are one name).
std::string comparable(std::string_view text) { return older_tone_placement(upper_vi(collapse_spaces(nfc(text)))); }

// Whether an address part (comparable) names the unit: its name, alone or after the unit's own
// type word, in any case ("Xã Tân Hội", "xã Tân Hội", "TÂN HỘI"). Exact otherwise: "Quán Hành"
// is not "quận Hành".
bool names_unit(const std::string& written, const std::string& type, const std::string& name) {
  const std::string bare = comparable(name);
  return written == bare || written == upper_vi(type) + " " + bare;
}

}  // namespace

std::string commune_code_of(std::string_view address) {
  std::vector<std::string_view> parts;
  for (std::size_t from = 0;;) {
    const std::size_t comma = address.find(',', from);
    parts.push_back(address.substr(from, comma == std::string_view::npos ? std::string_view::npos : comma - from));
    if (comma == std::string_view::npos) break;
    from = comma + 1;
  }
  if (parts.size() < 3) return "";
  const std::string commune = comparable(parts[parts.size() - 3]), district = comparable(parts[parts.size() - 2]),
                    province = comparable(parts.back());
  for (const auto& p : provinces()) {
    if (!names_unit(province, p.type, p.name)) continue;
    for (const auto& d : districts_of(p.code)) {
      if (!names_unit(district, d.type, d.name)) continue;
      for (const auto& c : d.communes)
        if (names_unit(commune, c.type, c.name)) return c.code;
    }
  }
  return "";
}

}  // namespace sohoa::models

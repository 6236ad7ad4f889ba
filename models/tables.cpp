#include "models/tables.hpp"

#include <map>
#include <mutex>
#include <stdexcept>

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

}  // namespace sohoa::models

// Typed access to the code tables in models/tables/*.json (embedded in the binary).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/field.hpp"

namespace sohoa::models {

// The raw text of an embedded data file, by its path under models/: "tables/provinces.json".
std::string_view embedded(std::string_view path);
// Every embedded data file path.
std::vector<std::string> embedded_paths();
// The parsed JSON of an embedded file, parsed once.
const Json& table(std::string_view path);

struct Province {
  std::string code, name, type;  // "001", "Hà Nội", "thành phố"
};
struct LandUse {
  std::string code, name;  // "ONT", "Đất ở tại nông thôn"
};

const std::vector<Province>& provinces();
const Province* province_by_code(std::string_view code);
// form: "2014" or "2024"
const std::vector<LandUse>& land_uses(std::string_view form);
const LandUse* land_use_by_code(std::string_view form, std::string_view code);

}  // namespace sohoa::models

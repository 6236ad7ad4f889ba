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

// The administrative units of places.json (the places the generator writes addresses of), with
// the General Statistics Office's codes.
struct Commune {
  std::string code, type, name;  // "09817" ("" where the table has none), "xã", "Tân Hội"
};
struct District {
  std::string code, type, name;  // "273", "huyện", "Đan Phượng"
  std::vector<Commune> communes;
};
// The districts of the province with that code (provinces.json), empty if the table has none.
const std::vector<District>& districts_of(std::string_view province_code);

// The commune code of an address whose last three comma-separated parts name a commune of
// places.json, its district and its province: "Thôn 5, xã Tân Hội, huyện Đan Phượng, thành phố
// Hà Nội" → "09817". Case does not matter and a unit's type word may be left out ("Tân Hội, Đan
// Phượng, Hà Nội"), but a type word written must be the unit's own. "" when a part names no unit
// of the table, the commune is not in that district, or the table has no code for it.
std::string commune_code_of(std::string_view address);

}  // namespace sohoa::models

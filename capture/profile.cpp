#include "capture/profile.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/field.hpp"

namespace sohoa::capture {

std::string_view embedded(std::string_view path);  // scanner_profiles/, compiled in

namespace {

double number(const Json& obj, const char* key, const double* fallback, double min, double max, const std::string& where) {
  if (!obj.contains(key)) {
    if (!fallback) throw std::runtime_error(where + ": " + key + " is missing");
    return *fallback;
  }
  const Json& v = obj.at(key);
  if (!v.is_number()) throw std::runtime_error(where + ": " + key + " must be a number");
  const double d = v.get<double>();
  if (d < min || d > max)
    throw std::runtime_error(where + ": " + key + " must be between " + std::to_string(min) + " and " + std::to_string(max));
  return d;
}

void only_known(const Json& obj, std::initializer_list<const char*> keys, const std::string& where) {
  for (const auto& [k, v] : obj.items()) {
    bool known = false;
    for (const char* key : keys) known = known || k == key;
    if (!known) throw std::runtime_error(where + ": unknown key '" + k + "'");
  }
}

}  // namespace

PrepareProfile parse_profile(std::string_view text, const std::string& origin, const PrepareProfile* base) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::exception& e) {
    throw std::runtime_error(origin + ": not valid JSON (" + e.what() + ")");
  }
  if (!j.is_object()) throw std::runtime_error(origin + ": a profile is a JSON object");
  // Other top-level keys (SANE options, source, mode) belong to capture from the scanner.
  PrepareProfile p = base ? *base : PrepareProfile{};
  if (j.contains("name")) {
    if (!j["name"].is_string() || j["name"].get<std::string>().empty()) throw std::runtime_error(origin + ": name must be a non-empty string");
    p.name = j["name"];
  } else if (!base) {
    throw std::runtime_error(origin + ": name is missing");
  }
  if (j.contains("dpi") && !j["dpi"].is_null()) p.dpi = number(j, "dpi", nullptr, 50, 2400, origin);
  auto section = [&](const char* name, std::initializer_list<const char*> keys) -> const Json& {
    static const Json empty = Json::object();
    if (!j.contains(name)) {
      if (!base) throw std::runtime_error(origin + ": " + name + " is missing");
      return empty;
    }
    if (!j[name].is_object()) throw std::runtime_error(origin + ": " + name + " must be an object");
    only_known(j[name], keys, origin + ": " + name);
    return j[name];
  };
  const Json& q = section("quality", {"min_dpi", "max_skew_deg", "blur_min_sharpness", "too_dark_paper_max", "too_light_ink_min",
                                      "blank_ink_max", "glare_min_share"});
  const std::string wq = origin + ": quality";
  auto& t = p.quality;
  t.min_dpi = number(q, "min_dpi", base ? &t.min_dpi : nullptr, 50, 1200, wq);
  t.max_skew_deg = number(q, "max_skew_deg", base ? &t.max_skew_deg : nullptr, 0, 45, wq);
  t.blur_min_sharpness = number(q, "blur_min_sharpness", base ? &t.blur_min_sharpness : nullptr, 0, 1, wq);
  t.too_dark_paper_max = number(q, "too_dark_paper_max", base ? &t.too_dark_paper_max : nullptr, 0, 255, wq);
  t.too_light_ink_min = number(q, "too_light_ink_min", base ? &t.too_light_ink_min : nullptr, 0, 255, wq);
  t.blank_ink_max = number(q, "blank_ink_max", base ? &t.blank_ink_max : nullptr, 0, 1, wq);
  t.glare_min_share = number(q, "glare_min_share", base ? &t.glare_min_share : nullptr, 0, 1, wq);
  const Json& l = section("limits", {"max_file_mb", "max_megapixels", "max_pages_per_file"});
  const std::string wl = origin + ": limits";
  auto& lim = p.limits;
  lim.max_file_mb = number(l, "max_file_mb", base ? &lim.max_file_mb : nullptr, 1, 4096, wl);
  lim.max_megapixels = number(l, "max_megapixels", base ? &lim.max_megapixels : nullptr, 1, 2000, wl);
  const double pages = lim.max_pages_per_file;
  lim.max_pages_per_file = static_cast<int>(number(l, "max_pages_per_file", base ? &pages : nullptr, 1, 10000, wl));
  return p;
}

const PrepareProfile& default_profile() {
  static const PrepareProfile p = parse_profile(embedded("default.json"), "scanner_profiles/default.json", nullptr);
  return p;
}

PrepareProfile load_profile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read profile " + file.string());
  std::ostringstream s;
  s << in.rdbuf();
  return parse_profile(s.str(), file.string(), &default_profile());
}

}  // namespace sohoa::capture

#include "capture/scan_settings.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sohoa::capture {

std::string_view embedded(std::string_view path);  // scanner_profiles/, compiled in
std::vector<std::string> embedded_paths();

namespace {

struct PageSize {
  const char* name;
  double w, h;
};
constexpr PageSize kPageSizes[] = {{"A4", 210, 297}, {"A5", 148, 210}, {"A3", 297, 420}, {"Letter", 215.9, 279.4},
                                   {"Legal", 215.9, 355.6}, {"ID-1", 85.6, 53.98}};

[[noreturn]] void fail(const std::string& where, const std::string& what) { throw std::runtime_error(where + ": " + what); }

void only_keys(const Json& obj, std::initializer_list<const char*> keys, const std::string& where) {
  for (const auto& [k, v] : obj.items()) {
    bool known = false;
    for (const char* key : keys) known = known || k == key;
    if (!known) fail(where, "unknown key '" + k + "'");
  }
}

template <std::size_t N>
int one_of(const Json& v, const char* const (&names)[N], const std::string& where) {
  std::string list;
  for (std::size_t i = 0; i < N; ++i) {
    if (v.is_string() && v.get<std::string>() == names[i]) return static_cast<int>(i);
    list += (i ? ", " : "") + std::string(names[i]);
  }
  fail(where, "must be one of " + list + " (got " + v.dump() + ")");
}

double ranged(const Json& v, double min, double max, const std::string& where) {
  if (!v.is_number()) fail(where, "must be a number (got " + v.dump() + ")");
  const double d = v.get<double>();
  if (d < min || d > max) fail(where, "must be between " + std::to_string(min) + " and " + std::to_string(max) + " (got " + v.dump() + ")");
  return d;
}

// ["T", "2"]: patch names, each once; [] is allowed (QR separator sheets only).
std::vector<PatchType> patch_types(const Json& v, const std::string& where) {
  std::string names;
  for (const PatchType t : kPatchTypes) names += (names.empty() ? "" : ", ") + std::string(patch_name(t));
  if (!v.is_array()) fail(where, "must be a list of patch codes (" + names + ")");
  std::vector<PatchType> types;
  for (const auto& n : v) {
    const auto t = n.is_string() ? parse_patch_name(n.get<std::string>()) : std::nullopt;
    if (!t) fail(where, "a patch code is one of " + names + " (got " + n.dump() + ")");
    if (std::find(types.begin(), types.end(), *t) != types.end()) fail(where, "patch " + n.get<std::string>() + " is listed twice");
    types.push_back(*t);
  }
  return types;
}

OptionSetting setting(const std::string& name, const Json& value, const std::string& where) {
  if (name.empty()) fail(where, "an option name is empty");
  if (!(value.is_string() || value.is_number() || value.is_boolean()))
    fail(where + "." + name, "an option value is a string, a number or true/false (got " + value.dump() + ")");
  return {name, value};
}

// {"source": "ADF Duplex"} or {"source": "Automatic Document Feeder", "adf-mode": "Duplex"}
OptionAlternative alternative(const Json& j, const std::string& where) {
  if (!j.is_object() || j.empty()) fail(where, "an alternative is an object of option names and values, in the order they are set");
  OptionAlternative a;
  for (const auto& [k, v] : j.items()) a.push_back(setting(k, v, where));
  return a;
}

constexpr const char* kSources[] = {"flatbed", "adf", "adf_duplex"};
constexpr const char* kModes[] = {"color", "gray", "lineart"};

void parse_ways(const Json& j, const char* const (&names)[3], std::vector<OptionAlternative> (&ways)[3], const std::string& where) {
  if (!j.is_object()) fail(where, "must be an object keyed by " + std::string(names[0]) + ", " + names[1] + ", " + names[2]);
  for (const auto& [k, v] : j.items()) {
    const int i = one_of(Json(k), names, where + " key");
    if (!v.is_array()) fail(where + "." + k, "must be a list of alternatives");
    std::vector<OptionAlternative> mine;
    for (std::size_t n = 0; n < v.size(); ++n) mine.push_back(alternative(v[n], where + "." + k + "[" + std::to_string(n) + "]"));
    ways[i].insert(ways[i].begin(), mine.begin(), mine.end());  // before the defaults
  }
}

void parse_scan(const Json& s, const std::string& where, ScanSettings& out) {
  if (!s.is_object()) fail(where, "must be an object");
  only_keys(s, {"source", "mode", "dpi", "page_size", "blank_page_ink_max", "separator_patches", "response_limit_s", "options", "matching"},
            where);
  if (s.contains("source")) out.source = static_cast<ScanSource>(one_of(s["source"], kSources, where + ".source"));
  if (s.contains("mode")) out.mode = static_cast<ScanMode>(one_of(s["mode"], kModes, where + ".mode"));
  if (s.contains("dpi")) out.dpi = ranged(s["dpi"], 50, 2400, where + ".dpi");
  if (s.contains("blank_page_ink_max")) out.blank_page_ink_max = ranged(s["blank_page_ink_max"], 0, 0.2, where + ".blank_page_ink_max");
  if (s.contains("separator_patches")) out.separator_patches = patch_types(s["separator_patches"], where + ".separator_patches");
  if (s.contains("response_limit_s")) out.response_limit_s = ranged(s["response_limit_s"], 0.01, 3600, where + ".response_limit_s");
  if (s.contains("page_size")) {
    const Json& p = s["page_size"];
    if (p.is_string()) {
      bool found = false;
      std::string list;
      for (const auto& size : kPageSizes) {
        list += (list.empty() ? "" : ", ") + std::string(size.name);
        if (p.get<std::string>() == size.name) out.page_size = size.name, out.width_mm = size.w, out.height_mm = size.h, found = true;
      }
      if (!found) fail(where + ".page_size", "must be one of " + list + " or {\"width_mm\": W, \"height_mm\": H} (got " + p.dump() + ")");
    } else if (p.is_object()) {
      only_keys(p, {"width_mm", "height_mm"}, where + ".page_size");
      if (!p.contains("width_mm") || !p.contains("height_mm")) fail(where + ".page_size", "needs width_mm and height_mm");
      out.page_size = "custom";
      out.width_mm = ranged(p["width_mm"], 10, 1000, where + ".page_size.width_mm");
      out.height_mm = ranged(p["height_mm"], 10, 2000, where + ".page_size.height_mm");
    } else {
      fail(where + ".page_size", "must be a size name or {\"width_mm\": W, \"height_mm\": H}");
    }
  }
  if (s.contains("options")) {
    const Json& o = s["options"];
    if (!o.is_array()) fail(where + ".options", "must be a list of {\"name\": N, \"value\": V}, in the order they are set");
    out.options.clear();
    for (std::size_t i = 0; i < o.size(); ++i) {
      const std::string w = where + ".options[" + std::to_string(i) + "]";
      if (!o[i].is_object()) fail(w, "must be {\"name\": N, \"value\": V}");
      only_keys(o[i], {"name", "value"}, w);
      if (!o[i].contains("name") || !o[i]["name"].is_string()) fail(w, "name is missing or not a string");
      if (!o[i].contains("value")) fail(w, "value is missing");
      out.options.push_back(setting(o[i]["name"], o[i]["value"], w));
    }
  }
  if (s.contains("matching")) {
    const Json& m = s["matching"];
    const std::string w = where + ".matching";
    if (!m.is_object()) fail(w, "must be an object");
    only_keys(m, {"resolution", "source", "mode"}, w);
    if (m.contains("resolution")) {
      if (!m["resolution"].is_array() || m["resolution"].empty()) fail(w + ".resolution", "must be a list of option names");
      std::vector<std::string> names;
      for (const auto& n : m["resolution"]) {
        if (!n.is_string() || n.get<std::string>().empty()) fail(w + ".resolution", "option names are non-empty strings (got " + n.dump() + ")");
        names.push_back(n);
      }
      out.resolution_names.insert(out.resolution_names.begin(), names.begin(), names.end());
    }
    if (m.contains("source")) parse_ways(m["source"], kSources, out.source_ways, w + ".source");
    if (m.contains("mode")) parse_ways(m["mode"], kModes, out.mode_ways, w + ".mode");
  }
}

const ScanSettings& default_scan() {
  static const ScanSettings s = [] {
    const Json j = Json::parse(embedded("default.json"));
    ScanSettings d;
    parse_scan(j.at("scan_defaults"), "scanner_profiles/default.json: scan_defaults", d);
    return d;
  }();
  return s;
}

}  // namespace

const char* source_name(ScanSource s) { return kSources[static_cast<int>(s)]; }
const char* mode_name(ScanMode m) { return kModes[static_cast<int>(m)]; }

ScannerProfile parse_scanner_profile(std::string_view text, const std::string& origin) {
  ScannerProfile p;
  p.prepare = parse_profile(text, origin, &default_profile());  // checks the JSON and the preparation keys
  const Json j = Json::parse(text);
  // scan_defaults: the matching rules every profile shares, in scanner_profiles/default.json only
  only_keys(j, {"name", "description", "dpi", "quality", "limits", "scan", "scan_defaults"}, origin);
  if (j.contains("description")) {
    if (!j["description"].is_string()) fail(origin, "description must be a string");
    p.description = j["description"];
  }
  if (j.contains("scan")) {
    ScanSettings s = default_scan();
    s.options.clear();
    parse_scan(j["scan"], origin + ": scan", s);
    if (!j["scan"].contains("source") || !j["scan"].contains("mode") || !j["scan"].contains("dpi"))
      fail(origin + ": scan", "needs source, mode and dpi");
    if (s.resolution_names.empty()) fail(origin + ": scan.matching.resolution", "no option name for the resolution");
    if (s.source_ways[static_cast<int>(s.source)].empty())
      fail(origin + ": scan.matching.source", std::string("no way to select the source ") + source_name(s.source));
    if (s.mode_ways[static_cast<int>(s.mode)].empty())
      fail(origin + ": scan.matching.mode", std::string("no way to select the mode ") + mode_name(s.mode));
    p.scan = s;
  }
  return p;
}

ScannerProfile load_scanner_profile(const std::string& name_or_file) {
  std::error_code ec;
  if (name_or_file.find('/') != std::string::npos || std::filesystem::is_regular_file(name_or_file, ec)) {
    std::ifstream in(name_or_file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read profile " + name_or_file);
    std::ostringstream s;
    s << in.rdbuf();
    return parse_scanner_profile(s.str(), name_or_file);
  }
  const std::string file = name_or_file + ".json";
  for (const auto& p : embedded_paths())
    if (p == file) return parse_scanner_profile(embedded(p), "scanner_profiles/" + p);
  std::string names;
  for (const auto& n : scanner_profile_names()) names += (names.empty() ? "" : ", ") + n;
  throw std::runtime_error("no scanner profile '" + name_or_file + "' (built in: " + names + "; or give a file's path)");
}

std::vector<std::string> scanner_profile_names() {
  std::vector<std::string> names;
  for (const auto& p : embedded_paths())
    if (p.size() > 5 && p.ends_with(".json")) names.push_back(p.substr(0, p.size() - 5));
  return names;
}

}  // namespace sohoa::capture

#include "models/forms.hpp"

#include <stdexcept>

#include "models/tables.hpp"

namespace sohoa::models {

namespace {

struct Reader {
  const std::string& name;

  [[noreturn]] void fail(const std::string& what) const { throw std::runtime_error("form model " + name + ": " + what); }

  std::string string(const Json& j, const char* key, bool required = true) const {
    if (!j.contains(key)) {
      if (required) fail(std::string("missing \"") + key + "\"");
      return "";
    }
    if (!j.at(key).is_string()) fail(std::string("\"") + key + "\" must be a string");
    return j.at(key).get<std::string>();
  }

  Pattern pattern(const std::string& source, bool case_sensitive) const {
    try {
      auto flags = std::regex::ECMAScript | std::regex::optimize;
      if (!case_sensitive) flags |= std::regex::icase;
      return {source, std::regex(source, flags)};
    } catch (const std::regex_error& e) {
      fail("bad pattern \"" + source + "\": " + e.what());
    }
  }

  std::optional<Pattern> optional_pattern(const Json& j, const char* key, bool case_sensitive) const {
    const std::string s = string(j, key, false);
    if (s.empty()) return std::nullopt;
    return pattern(s, case_sensitive);
  }

  std::vector<Pattern> patterns(const Json& j, const char* key) const {
    std::vector<Pattern> out;
    if (!j.contains(key)) return out;
    if (!j.at(key).is_array()) fail(std::string("\"") + key + "\" must be a list");
    for (const auto& s : j.at(key)) {
      if (!s.is_string()) fail(std::string("\"") + key + "\" must hold strings");
      out.push_back(pattern(s.get<std::string>(), false));
    }
    return out;
  }

  FieldRule field(const Json& j) const {
    if (!j.is_object()) fail("a field rule must be an object");
    FieldRule f;
    f.path = string(j, "path");
    const bool case_sensitive = j.value("case", false);
    f.label = optional_pattern(j, "label", case_sensitive);
    f.until = optional_pattern(j, "until", case_sensitive);
    f.find = optional_pattern(j, "find", case_sensitive);
    f.line = j.value("line", -1);
    f.wrap = j.value("wrap", false);
    f.optional = j.value("optional", false);
    f.grammar = string(j, "grammar");
    if (f.label && f.find) fail("field " + f.path + " has both \"label\" and \"find\"");
    if (j.contains("zone")) {
      const auto& z = j.at("zone");
      if (!z.is_array() || z.size() != 4) fail("field " + f.path + ": \"zone\" must be [x, y, w, h]");
      f.zone = std::array<double, 4>{z[0], z[1], z[2], z[3]};
    }
    return f;
  }

  std::vector<FieldRule> fields(const Json& j) const {
    std::vector<FieldRule> out;
    if (!j.contains("fields")) return out;
    if (!j.at("fields").is_array()) fail("\"fields\" must be a list");
    for (const auto& f : j.at("fields")) out.push_back(field(f));
    return out;
  }
};

}  // namespace

FormModel parse_form_model(const Json& j, const std::string& name) {
  const Reader r{name};
  if (!j.is_object()) r.fail("not a JSON object");
  FormModel m;
  m.kind = r.string(j, "kind");
  if (!j.contains("document") || !j.at("document").is_object()) r.fail("missing \"document\" object");
  m.type = r.string(j.at("document"), "type");
  m.form = r.string(j.at("document"), "form");
  if (m.type != "land_certificate" && m.type != "id_card") r.fail("document type must be land_certificate or id_card");
  m.shape = r.string(j, "shape");
  m.recognise = r.patterns(j, "recognise");
  if (m.recognise.empty()) r.fail("\"recognise\" needs at least one phrase");
  if (j.contains("qr")) {
    QrRule q;
    q.prefix = r.string(j.at("qr"), "prefix", false);
    for (const auto& f : j.at("qr").at("fields")) q.fields.push_back(f.get<std::string>());
    if (j.at("qr").contains("elements")) {
      const auto& n = j.at("qr").at("elements");
      if (!n.is_number_integer() || n.get<int>() < static_cast<int>(q.fields.size())) r.fail("\"qr.elements\" must be an integer, at least the fields' count");
      q.elements = n.get<int>();
    }
    if (j.at("qr").contains("region")) {
      const auto& region = j.at("qr").at("region");
      if (!region.is_array() || region.size() != 4) r.fail("\"qr.region\" must be [x, y, w, h]");
      q.region = std::array<double, 4>{region[0], region[1], region[2], region[3]};
    }
    m.qr = q;
  }
  if (j.contains("mrz")) {
    const auto& region = j.at("mrz").at("region");
    if (!region.is_array() || region.size() != 4) r.fail("\"mrz.region\" must be [x, y, w, h]");
    m.mrz_region = std::array<double, 4>{region[0], region[1], region[2], region[3]};
  }
  m.fields = r.fields(j);
  if (j.contains("groups")) {
    for (const auto& g : j.at("groups")) {
      GroupRule group{r.string(g, "path"), r.pattern(r.string(g, "start"), false), r.optional_pattern(g, "after", false),
                      r.optional_pattern(g, "before", false), r.fields(g)};
      m.groups.push_back(std::move(group));
    }
  }
  m.stops = r.patterns(j, "stops");
  for (const auto& z : j.value("ignore", Json::array())) {
    if (!z.is_array() || z.size() != 4) r.fail("each \"ignore\" zone must be [x, y, w, h]");
    m.ignore.push_back({z[0], z[1], z[2], z[3]});
  }
  return m;
}

const std::vector<FormModel>& form_models() {
  static const std::vector<FormModel> all = [] {
    std::vector<FormModel> out;
    for (const auto& path : embedded_paths())
      if (path.rfind("forms/", 0) == 0) out.push_back(parse_form_model(table(path), path));
    return out;
  }();
  return all;
}

const FormModel* form_model(std::string_view kind) {
  for (const auto& m : form_models())
    if (m.kind == kind) return &m;
  return nullptr;
}

}  // namespace sohoa::models

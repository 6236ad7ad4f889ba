#include "extract/qr_payload.hpp"

#include <algorithm>
#include <vector>

#include "core/date.hpp"
#include "core/text.hpp"

namespace sohoa::extract {
namespace {

std::optional<Date> ddmmyyyy(const std::string& s) {
  if (s.size() != 8 || !std::all_of(s.begin(), s.end(), ::isdigit)) return std::nullopt;
  Date d{std::stoi(s.substr(4)), std::stoi(s.substr(2, 2)), std::stoi(s.substr(0, 2))};
  if (!d.valid()) return std::nullopt;
  return d;
}

std::vector<std::string> elements(const std::string& payload) {
  std::vector<std::string> parts(1);
  for (char c : payload) {
    if (c == '|') parts.emplace_back();
    else parts.back() += c;
  }
  return parts;
}

}  // namespace

std::map<std::string, Json> qr_fields(const std::string& payload, const models::QrRule& rule) {
  const std::vector<std::string> parts = elements(payload);
  std::map<std::string, Json> out;
  if (parts.size() < rule.fields.size()) return {};
  if (!rule.prefix.empty() && parts[0] != rule.prefix) return {};
  for (std::size_t i = 0; i < rule.fields.size(); ++i) {
    const std::string& spec = rule.fields[i];
    if (spec.empty()) continue;
    const auto colon = spec.find(':');
    const std::string path = spec.substr(0, colon), format = colon == std::string::npos ? "" : spec.substr(colon + 1);
    const std::string v = collapse_spaces(nfc(parts[i]));
    if (v.empty()) {
      out[path] = nullptr;
    } else if (format == "upper") {
      out[path] = upper_vi(v);
    } else if (format == "ddmmyyyy" || format == "iso") {
      const auto d = format == "iso" ? Date::parse_iso(v) : ddmmyyyy(v);
      if (!d) return {};
      out[path] = d->iso();
    } else {
      out[path] = v;
    }
  }
  return out;
}

bool qr_identifies(const std::string& payload, const models::QrRule& rule) {
  if (rule.elements > 0 && elements(payload).size() != static_cast<std::size_t>(rule.elements)) return false;
  return !qr_fields(payload, rule).empty();
}

}  // namespace sohoa::extract

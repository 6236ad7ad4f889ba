#include "extract/field_checks.hpp"

#include <cmath>

#include "core/cccd.hpp"
#include "core/date.hpp"
#include "core/mrz_read.hpp"
#include "models/tables.hpp"

namespace sohoa::extract {
namespace {

const Json* value_of(const FieldMap& fields, const std::string& path) {
  const auto it = fields.find(path);
  return it == fields.end() || it->second.value.is_null() ? nullptr : &it->second.value;
}

std::optional<Date> date_of(const FieldMap& fields, const std::string& path) {
  const Json* v = value_of(fields, path);
  return v && v->is_string() ? Date::parse_iso(v->get<std::string>()) : std::nullopt;
}

std::string at(const std::string& group, std::size_t i, const std::string& key) {
  return group + "[" + std::to_string(i) + "]." + key;
}

void flatten_into(const Json& node, const std::string& prefix, FieldMap& out) {
  if (is_field_leaf(node) && node.is_object()) {
    out[prefix] = field_from_json(node);
    return;
  }
  if (node.is_object())
    for (const auto& [k, v] : node.items()) flatten_into(v, prefix.empty() ? k : prefix + "." + k, out);
  else if (node.is_array())
    for (std::size_t i = 0; i < node.size(); ++i) flatten_into(node[i], prefix + "[" + std::to_string(i) + "]", out);
}

}  // namespace

std::vector<CheckResult> card_checks(const FieldMap& fields, int today_year, bool with_mrz) {
  std::vector<CheckResult> out;
  if (const Json* id = value_of(fields, "id_number"); id && id->is_string()) {
    const auto info = decode_personal_number(id->get<std::string>());
    bool ok = info && models::province_by_code(info->province_code);
    std::string why = ok ? "" : "the number's first three digits are no province code";
    const auto birth = date_of(fields, "date_of_birth");
    if (ok && birth && birth->year != info->birth_year) ok = false, why = "the number's century and year digits do not match the date of birth";
    const Json* sex = value_of(fields, "sex");
    if (ok && sex && sex->is_string() && (*sex == "Nữ") != info->female) ok = false, why = "the number's century/sex digit does not match the sex";
    // the MRZ carries number, birth date and sex too: when they disagree it is as suspect as they are
    out.push_back({"cccd.structure", ok, ok ? "province code, century/sex digit and year of birth agree" : why,
                   {"id_number", "date_of_birth", "sex", "mrz"}});
  }
  const auto birth = date_of(fields, "date_of_birth"), issue = date_of(fields, "date_of_issue"), expiry = date_of(fields, "date_of_expiry");
  if (birth && issue) {
    const bool ok = *birth < *issue && issue->year <= today_year && birth->year >= today_year - 120;
    out.push_back({"card.dates", ok, ok ? "birth before issue, issue not in the future" : "the dates of birth and issue are impossible",
                   {"date_of_birth", "date_of_issue"}});
  }
  if (issue && expiry) {
    const bool ok = *issue < *expiry;
    out.push_back({"card.expiry", ok, ok ? "expiry after issue" : "the card expires before it was issued", {"date_of_issue", "date_of_expiry"}});
  }
  // the expiry the law gives: a misread expiry, or an MRZ whose expiry was taken for "never" by a
  // chance check digit, shows here (only when every date involved was read)
  const auto read = [&](const char* path) { const auto it = fields.find(path); return it != fields.end() && !it->second.review; };
  if (birth && issue && read("date_of_expiry") && (expiry || !value_of(fields, "date_of_expiry"))) {
    const bool ok = card_expiry_by_law(*birth, *issue) == expiry;
    out.push_back({"card.term", ok,
                   ok ? "the expiry is the one the law gives for the dates of birth and issue"
                      : "the expiry is not the one the law gives for the dates of birth and issue (25th, 40th or 60th birthday, or none)",
                   {"date_of_birth", "date_of_issue", "date_of_expiry", "mrz"}});
  }
  if (const Json* mrz = value_of(fields, "mrz"); with_mrz && mrz && mrz->is_string()) {
    std::vector<std::string> lines;
    const std::string text = mrz->get<std::string>();
    for (std::size_t start = 0; start <= text.size();) {
      const auto nl = text.find('\n', start);
      lines.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    const auto r = lines.size() == 3 ? read_td1(lines, today_year) : std::nullopt;
    const bool ok = r && r->all_ok() && r->joined() == text;
    out.push_back({"mrz.check_digits", ok,
                   ok ? "every MRZ check digit verifies" : "an MRZ check digit does not verify: the zone is misread or damaged", {"mrz"}});
  }
  return out;
}

std::vector<CheckResult> certificate_checks(const std::string& form, const FieldMap& fields, int today_year) {
  std::vector<CheckResult> out;
  std::size_t purposes = 0;
  while (fields.count(at("parcel.purposes", purposes, "name"))) ++purposes;
  const Json* area = value_of(fields, "parcel.area_m2");
  if (purposes > 1 && area && area->is_number()) {
    double sum = 0;
    bool all = true;
    std::vector<std::string> involved;
    for (std::size_t j = 0; j < purposes; ++j) {
      const Json* a = value_of(fields, at("parcel.purposes", j, "area_m2"));
      all = all && a && a->is_number();
      if (a && a->is_number()) sum += a->get<double>();
      involved.push_back(at("parcel.purposes", j, "area_m2"));
    }
    const bool ok = all && std::abs(sum - area->get<double>()) < 0.005;
    out.push_back({"certificate.purpose_areas", ok,
                   ok ? "the purposes' areas add up to the parcel's area" : "the purposes' areas do not add up to the parcel's area", involved});
  }
  for (std::size_t j = 0; j < purposes; ++j) {
    const Json* name = value_of(fields, at("parcel.purposes", j, "name"));
    const Json* code = value_of(fields, at("parcel.purposes", j, "code"));
    const auto* use = code && code->is_string() ? models::land_use_by_code(form, code->get<std::string>()) : nullptr;
    const bool ok = use && name && *name == use->name;
    out.push_back({"certificate.land_use", ok, ok ? "land-use code and name agree" : "the land-use code does not match its name",
                   {at("parcel.purposes", j, "name"), at("parcel.purposes", j, "code")}});
  }
  if (value_of(fields, "issue_date")) {
    const auto date = date_of(fields, "issue_date");
    const bool ok = date && date->year >= 1990 && date->year <= today_year;
    out.push_back({"certificate.issue_date", ok, ok ? "date of issue plausible" : "the date of issue is impossible", {"issue_date"}});
  }
  return out;
}

FieldMap flatten(const Json& fields) {
  FieldMap out;
  flatten_into(fields, "", out);
  return out;
}

void recheck(Json& document, int today_year) {
  const FieldMap fields = flatten(document["fields"]);
  const std::string type = document.value("type", "");
  const auto results = type == "id_card" ? card_checks(fields, today_year, true)
                                         : certificate_checks(document.value("form", ""), fields, today_year);
  Json kept = Json::array();
  for (const auto& c : document.value("checks", Json::array())) {
    bool rerun = false;
    for (const auto& r : results) rerun = rerun || c.value("rule", "") == r.rule;
    if (!rerun) kept.push_back(c);
  }
  for (const auto& r : results) {
    kept.push_back(check(r.rule, r.ok, r.message, r.paths));
    if (r.ok) continue;
    for (const auto& p : r.paths)
      if (Json* node = field_at(document["fields"], p); node && node->is_object() && node->contains("review")) (*node)["review"] = true;
  }
  document["checks"] = kept;
}

}  // namespace sohoa::extract

#include "extract/decide.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace sohoa::extract {
namespace {

int rank(const std::string& evidence) { return evidence == "qr" ? 3 : evidence == "mrz" ? 2 : evidence == "cross" ? 1 : 0; }

}  // namespace

Field decide(const std::vector<Candidate>& candidates) {
  Field f;
  f.value = nullptr;
  f.review = true;
  f.confidence = 0;
  // group the usable candidates by value
  struct Group {
    Json value;
    std::set<std::string> evidence;
    double best_ocr = 0;
    int best_rank = -1;
    const Candidate* located = nullptr;
  };
  std::vector<Group> groups;
  for (const auto& c : candidates) {
    if (!c.valid) continue;
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.value == c.value; });
    if (it == groups.end()) groups.push_back({c.value, {}, 0, -1, nullptr}), it = groups.end() - 1;
    it->evidence.insert(c.evidence);
    it->best_rank = std::max(it->best_rank, rank(c.evidence));
    if (c.evidence == "ocr") it->best_ocr = std::max(it->best_ocr, c.confidence);
    // the snippet a clerk sees: the OCR box if there is one, else the code's
    if (!it->located || (c.evidence == "ocr" && it->located->evidence != "ocr")) it->located = &c;
  }
  if (groups.empty()) {
    // nothing fitted: show the clerk where the text was, if anywhere
    for (const auto& c : candidates)
      if (!c.source.source.empty()) f.source = c.source;
    return f;
  }
  std::sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
    if (a.evidence.size() != b.evidence.size()) return a.evidence.size() > b.evidence.size();
    if (a.best_rank != b.best_rank) return a.best_rank > b.best_rank;
    return a.best_ocr > b.best_ocr;
  });
  const Group& g = groups.front();
  f.value = g.value;
  f.evidence.assign(g.evidence.begin(), g.evidence.end());
  std::sort(f.evidence.begin(), f.evidence.end(), [](const auto& a, const auto& b) { return rank(a) < rank(b); });
  f.source = g.located->source;
  // a conflict between two readings that are not plain OCR
  const bool conflict = std::any_of(groups.begin() + 1, groups.end(), [](const Group& o) { return o.best_rank > 0; });
  const bool coded = g.evidence.count("qr") || g.evidence.count("mrz");
  if (g.evidence.size() >= 2) f.confidence = 0.995;
  else if (g.evidence.count("qr")) f.confidence = 0.98;
  else if (g.evidence.count("mrz")) f.confidence = 0.97;
  else if (g.evidence.count("cross")) f.confidence = 0.95;
  else f.confidence = g.best_ocr;
  if (conflict) f.confidence = std::min(f.confidence, 0.5);
  f.review = conflict || !(g.evidence.size() >= 2 || coded || g.evidence.count("cross") || g.best_ocr >= kOcrAlone);
  f.confidence = std::round(f.confidence * 1000) / 1000;
  return f;
}

void set_path(Json& root, const std::string& path, Json value) {
  Json* node = &root;
  for (const auto& step : parse_field_path(path)) {
    node = &(*node)[step.key];
    if (!step.index) continue;
    if (!node->is_array()) *node = Json::array();
    while (node->size() <= *step.index) node->push_back(Json::object());
    node = &(*node)[*step.index];
  }
  *node = std::move(value);
}

Json nest(const FieldMap& fields, const std::vector<std::string>& order) {
  Json root = Json::object();
  for (const auto& path : order)
    if (const auto it = fields.find(path); it != fields.end()) set_path(root, path, to_json(it->second));
  return root;
}

Json check(const std::string& rule, bool ok, const std::string& message, const std::vector<std::string>& fields) {
  Json c = {{"rule", rule}, {"ok", ok}, {"message", message}};
  if (!fields.empty()) c["fields"] = fields;
  return c;
}

}  // namespace sohoa::extract

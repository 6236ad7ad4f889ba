#include "core/field.hpp"

#include <utility>

#include <stdexcept>

namespace sohoa {

Json to_json(const Field& f) {
  Json j;
  j["value"] = f.value;
  j["confidence"] = f.confidence;
  j["review"] = f.review;
  j["source"] = {{"source", f.source.source}, {"page", f.source.page}, {"bbox", f.source.bbox}};
  j["evidence"] = f.evidence;
  return j;
}

Field field_from_json(const Json& j) {
  Field f;
  if (!j.is_object()) {
    f.value = j;  // a plain truth value
    f.confidence = 1.0;
    f.review = false;
    return f;
  }
  f.value = j.value("value", Json());
  f.confidence = j.value("confidence", 0.0);
  f.review = j.value("review", true);
  if (auto s = j.find("source"); s != j.end() && s->is_object()) {
    f.source.source = s->value("source", "");
    f.source.page = s->value("page", 0);
    if (auto b = s->find("bbox"); b != s->end() && b->is_array() && b->size() == 4)
      f.source.bbox = b->get<Box>();
  }
  if (auto e = j.find("evidence"); e != j.end() && e->is_array())
    for (const auto& v : *e)
      if (v.is_string()) f.evidence.push_back(v.get<std::string>());
  return f;
}

bool is_field_leaf(const Json& node) {
  return !node.is_structured() || (node.is_object() && node.contains("value"));
}

std::vector<PathStep> parse_field_path(const std::string& path) {
  std::vector<PathStep> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    const auto dot = path.find('.', i);
    const std::string part = path.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
    i = dot == std::string::npos ? path.size() : dot + 1;
    const auto bracket = part.find('[');
    PathStep step{part.substr(0, bracket), std::nullopt};
    if (step.key.empty()) throw std::invalid_argument("empty step in field path " + path);
    if (bracket != std::string::npos) {
      const auto close = part.find(']', bracket);
      const std::string digits = part.substr(bracket + 1, close == std::string::npos ? std::string::npos : close - bracket - 1);
      if (close == std::string::npos || digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos)
        throw std::invalid_argument("bad index in field path " + path);
      step.index = static_cast<std::size_t>(std::stoul(digits));
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

void count_fields(const Json& node, int& fields, int& flagged) {
  if (node.is_object() && node.contains("value") && node.contains("review")) {
    ++fields;
    flagged += node.at("review").get<bool>();
    return;
  }
  if (node.is_structured())
    for (const auto& child : node) count_fields(child, fields, flagged);
}


const Json* field_at(const Json& fields, const std::string& path) {
  const Json* node = &fields;
  try {
    for (const auto& step : parse_field_path(path)) {
      if (!node->is_object() || !node->contains(step.key)) return nullptr;
      node = &(*node)[step.key];
      if (!step.index) continue;
      if (!node->is_array() || *step.index >= node->size()) return nullptr;
      node = &(*node)[*step.index];
    }
  } catch (const std::invalid_argument&) {
    return nullptr;
  }
  return node;
}

Json* field_at(Json& fields, const std::string& path) { return const_cast<Json*>(field_at(std::as_const(fields), path)); }

}  // namespace sohoa

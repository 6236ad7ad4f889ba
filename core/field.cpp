#include "core/field.hpp"

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

}  // namespace sohoa

#include "capture/describe.hpp"

#include <cmath>

namespace sohoa::capture {
namespace {

double round2(double v) { return std::round(v * 100) / 100; }

Json corners_json(const Corners& c) {
  Json out = Json::array();
  for (const auto& p : c) out.push_back({std::round(p.x * 10) / 10, std::round(p.y * 10) / 10});
  return out;
}

}  // namespace

Json describe(const PreparedDocument& d) {
  Json findings = Json::array();
  for (const auto& q : d.quality) findings.push_back({{"code", q.code}, {"message_vi", q.message_vi}, {"message_en", q.message_en}});
  return {{"source", d.source}, {"page", d.page}, {"document", d.index}, {"shape", d.shape},
          {"region", d.region}, {"corners", corners_json(d.corners)}, {"rotation", d.rotation},
          {"skew", round2(d.skew)}, {"dpi", std::round(d.dpi)}, {"dpi_from", d.dpi_from},
          {"quality", findings},
          {"measures", {{"sharpness", round2(d.measures.sharpness)}, {"paper", d.measures.paper},
                        {"ink", d.measures.ink}, {"ink_share", std::round(d.measures.ink_share * 10000) / 10000},
                        {"glare_share", round2(d.measures.glare_share)}, {"up_down_confidence", round2(d.up_down_confidence)}}}};
}

std::string verdict_line(const PreparedDocument& d) {
  std::string verdict;
  for (const auto& q : d.quality) verdict += (verdict.empty() ? "" : "; ") + q.message_vi;
  return verdict.empty() ? "tốt / good" : verdict;
}

}  // namespace sohoa::capture

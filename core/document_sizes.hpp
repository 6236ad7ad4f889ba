// Physical sizes of the documents the station reads, in millimetres (upright).
#pragma once
#include <array>
#include <string_view>

namespace sohoa {

struct DocumentSize {
  std::string_view name;  // "card", "gcn_2014_page", "a4"
  double width_mm, height_mm;
  double aspect() const { return width_mm / height_mm; }
};

inline constexpr DocumentSize kCardSize{"card", 85.6, 53.98};         // ISO/IEC 7810 ID-1
inline constexpr DocumentSize kGcn2014PageSize{"gcn_2014_page", 190, 265};
inline constexpr DocumentSize kA4Size{"a4", 210, 297};                // the 2024 certificate
inline constexpr std::array<DocumentSize, 3> kDocumentSizes{kCardSize, kGcn2014PageSize, kA4Size};

}  // namespace sohoa

// Kodak patch codes: the bar patterns that document scanners (Kodak, Fujitsu, …) read as control
// sheets, Patch T and Patch 2 most often as document separators. Found on a scanned page in
// physical units from its resolution, at any of the four orientations and a few degrees of skew.
//
// The code, from Kodak's "Patch Code Information" (A-61599) and the i5000 series user's guide
// (A-61670, "Bar pattern details"): four parallel black bars, two wide (0.20 in ± 0.01) and two
// narrow (0.08 in ± 0.01), separated by three narrow spaces, 0.80 in in all; the bars parallel to
// the leading edge of the sheet, at least 0.25 in from its edges, and read from the leading edge.
// Bars from the leading edge: 1 wide wide narrow narrow, 2 wide narrow narrow wide, 3 wide narrow
// wide narrow, 4 (toggle) narrow wide wide narrow, T (transfer) narrow wide narrow wide,
// 6 narrow narrow wide wide. 1 and 6, 3 and T are each other's mirror image: which end leads is
// told by the page edge nearer the code (the spec puts it near the leading edge).
// Read at manualsdump.com/en/manuals/kodak-a-61599/113647/6 and jwin.usermanuals.us (A-61599),
// manualslib.com/manual/1136425/Kodak-I5000-Series.html?page=75 (A-61670), cross-checked with
// the patterns in github.com/bwipp/postscriptbarcode/issues/100. Kodak's guides differ on the
// bars' shortest length (2 in, or 0.75 in for the i280/i600) and how far in from the leading
// edge (0.25 to 3.75 in, 1.6 in for some models, 0.5 to 2 in for the i280/i600).
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include <opencv2/core.hpp>

namespace sohoa::capture {

enum class PatchType { Patch1, Patch2, Patch3, Patch4, Patch6, PatchT };

inline constexpr PatchType kPatchTypes[] = {PatchType::Patch1, PatchType::Patch2, PatchType::Patch3,
                                            PatchType::Patch4, PatchType::Patch6, PatchType::PatchT};

const char* patch_name(PatchType type);                            // "1", "2", "3", "4", "6", "T"
std::optional<PatchType> parse_patch_name(std::string_view name);  // the inverse

// Each element's width from the leading edge, in units of a narrow element (1 narrow, 2 wide):
// bar, space, bar, space, bar, space, bar.
const int* patch_elements(PatchType type);

inline constexpr double kPatchNarrowMm = 0.08 * 25.4;
inline constexpr double kPatchWideMm = 0.20 * 25.4;
inline constexpr double kPatchLengthMm = 0.80 * 25.4;  // across its bars

struct FoundPatch {
  PatchType type;
  cv::RotatedRect region;  // on the image: the four bars, as far as they all run
};

// The patch codes on a page image (grey or BGR) scanned at dpi. A patch is taken only when its
// four bars are solid, black (not coloured print), of the spec's widths in millimetres and
// spacing, at least 15 mm long, with clear paper on both sides, and every stretch of their
// length reads the same.
std::vector<FoundPatch> find_patch_codes(const cv::Mat& image, double dpi);

}  // namespace sohoa::capture

// Closed vocabularies from models/tables: land-use names, origins of use, administrative units,
// name syllables, streets and villages. An OCR reading that lies near exactly one entry is taken
// to be that entry; how near, and how far the runner-up was, says how sure that is.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace sohoa::extract {

// Spaces collapsed and the punctuation OCR leaves at either end (, . ; : | - _) removed.
std::string trim_value(std::string_view text);

// Edit distance on code points, case-insensitive; a letter that differs only in its tone or
// vowel marks costs 0.5, as that is the OCR's usual slip on Vietnamese.
double edit_distance(std::string_view a, std::string_view b);

struct Choice {
  std::string value;     // the vocabulary's entry
  double distance = 0;   // to the reading
  double margin = 99;    // distance of the runner-up minus distance of the choice
};

// The entry nearest to text if it is within max_share of the entry's length.
std::optional<Choice> closest(std::string_view text, const std::vector<std::string>& entries, double max_share = 0.3);

// Addresses "[locality, ][type ]commune, [type ]district, [type ]province", with unit types in
// the case printed (or absent, as on 2021 cards). Each unit is matched inside its parent.
struct AddressMatch {
  std::string value;
  bool known = false;     // province, district and commune all found, locality plausible
  double distance = 0;    // sum of the corrections made
  bool repaired = false;  // a misread type word replaced, or words around the units dropped
};
AddressMatch correct_address(std::string_view text);

// An address of the tables' places written as certificates print it, every unit with its type
// word in lower case: "Thôn 5, Tân Hội, Đan Phượng, Hà Nội" (a 2021 card) or "Thôn 5, Xã Tân Hội,
// Huyện Đan Phượng, Thành phố Hà Nội" (2024) → "Thôn 5, xã Tân Hội, huyện Đan Phượng, thành phố
// Hà Nội"; nothing when a unit is not the tables' exactly.
std::optional<std::string> with_unit_types(std::string_view address);

// Person names, syllable by syllable against the name syllables in the tables; upper=true for
// names printed in capitals (cards).
struct NameMatch {
  std::string value;
  bool known = false;  // every syllable is a known one (after correction)
  double distance = 0;
};
NameMatch correct_name(std::string_view text, bool upper);

const std::vector<std::string>& land_use_names();  // both forms' lists
const std::vector<std::string>& origin_phrases();

}  // namespace sohoa::extract

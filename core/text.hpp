// UTF-8 text helpers. All text in sohoa is UTF-8 in Unicode NFC; Vietnamese diacritics are data
// and are only removed where a format demands it (the MRZ).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sohoa {

// Unicode NFC normalization (ICU). Throws std::invalid_argument on malformed UTF-8.
std::string nfc(std::string_view utf8);
// Vietnamese upper case, as printed on ID cards: "Nguyễn Văn Ổn" -> "NGUYỄN VĂN ỔN".
std::string upper_vi(std::string_view utf8);
// Each word with a capital first letter and the rest lower case: "NGUYỄN VĂN AN" -> "Nguyễn Văn An".
std::string title_case_vi(std::string_view utf8);
// Removes tone and vowel marks and maps đ/Đ to d/D: "Huỳnh Đức" -> "Huynh Duc".
std::string strip_diacritics(std::string_view utf8);
// The tone mark of an open syllable ending in oa, oe or uy on its first vowel, where the older
// spelling puts it ("hoà" -> "hòa", "Thuỷ" -> "Thủy", "khoẻ" -> "khỏe"; "quý" stays). Both
// spellings are in use: names compared with this are the same name however they were written.
std::string older_tone_placement(std::string_view utf8);
// Collapses runs of white space to one space and trims both ends.
std::string collapse_spaces(std::string_view text);
// Decodes UTF-8 to code points; throws std::invalid_argument on malformed input.
std::vector<char32_t> code_points(std::string_view utf8);
bool valid_utf8(std::string_view bytes);

}  // namespace sohoa

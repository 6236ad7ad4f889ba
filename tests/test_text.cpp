#include <catch2/catch.hpp>

#include "core/text.hpp"

using namespace sohoa;

TEST_CASE("NFC composes Vietnamese letters typed as base letter plus marks", "[text]") {
  // "Nguyễn" typed in NFD: e + circumflex (U+0302) + tilde (U+0303)
  const std::string nfd = "Nguye\xCC\x82\xCC\x83n";
  CHECK(nfc(nfd) == "Nguyễn");
  CHECK(nfc("Nguyễn") == "Nguyễn");
  CHECK(nfc(nfd).size() < nfd.size());
}

TEST_CASE("upper case keeps every tone mark as printed on cards", "[text]") {
  CHECK(upper_vi("Nguyễn Thị Ổn") == "NGUYỄN THỊ ỔN");
  CHECK(upper_vi("đặng ưng khuê") == "ĐẶNG ƯNG KHUÊ");
  CHECK(upper_vi("quyền sử dụng đất") == "QUYỀN SỬ DỤNG ĐẤT");
}

TEST_CASE("diacritics are removed only on request and đ becomes d", "[text]") {
  CHECK(strip_diacritics("Huỳnh Đức Ưng Khuê") == "Huynh Duc Ung Khue");
  CHECK(strip_diacritics("ĐẶNG THỊ NGỌC ÁNH") == "DANG THI NGOC ANH");
}

TEST_CASE("malformed UTF-8 is refused with a clear error", "[text]") {
  CHECK_FALSE(valid_utf8("\xC3"));          // truncated
  CHECK_FALSE(valid_utf8("\xC0\xAF"));      // overlong '/'
  CHECK_FALSE(valid_utf8("\xED\xA0\x80"));  // surrogate
  CHECK(valid_utf8("Phượng"));
  CHECK_THROWS_WITH(nfc("abc\xFF"), Catch::Contains("UTF-8"));
  CHECK(code_points("Ổn").size() == 2);
}

TEST_CASE("white space collapses to single spaces", "[text]") {
  CHECK(collapse_spaces("  CS \t 01234\n") == "CS 01234");
  CHECK(collapse_spaces("") == "");
}

TEST_CASE("both placements of a tone mark in oa oe and uy give the same older spelling") {
  CHECK(older_tone_placement("Thuỷ Nguyên") == "Thủy Nguyên");
  CHECK(older_tone_placement("Hoà Vang, Khánh Hoà") == "Hòa Vang, Khánh Hòa");
  CHECK(older_tone_placement("khoẻ hoạ THUỶ") == "khỏe họa THỦY");
  CHECK(older_tone_placement("Hòa Thủy") == "Hòa Thủy");                // the older spelling stays
  CHECK(older_tone_placement("hoàn thuyền quý Quỳnh") == "hoàn thuyền quý Quỳnh");  // closed syllables and qu keep theirs
}

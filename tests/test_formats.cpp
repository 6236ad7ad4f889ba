// Document formats with external ground truth: ICAO 9303 specimens, Vietnamese number reading
// rules, the personal-number structure, calendar arithmetic.
#include <catch2/catch.hpp>

#include "core/cccd.hpp"
#include "core/date.hpp"
#include "core/mrz.hpp"
#include "core/number_words.hpp"

using namespace sohoa;

TEST_CASE("MRZ check digits match the ICAO 9303 examples", "[mrz]") {
  CHECK(mrz_check_digit("L898902C3") == '6');  // Part 4 passport specimen
  CHECK(mrz_check_digit("740812") == '2');
  CHECK(mrz_check_digit("120415") == '9');
  CHECK(mrz_check_digit("D23145890") == '7');  // Part 5 TD1 specimen
  CHECK(mrz_check_digit("<<<<<<") == '0');
  CHECK_THROWS(mrz_check_digit("ab"));
}

TEST_CASE("TD1 composition reproduces the ICAO 9303 Part 5 specimen", "[mrz]") {
  Td1Card c;
  c.document_code = "I";
  c.issuing_state = "UTO";
  c.document_number = "D23145890";
  c.optional_data1 = "";
  c.birth = {1974, 8, 12};
  c.sex = 'F';
  c.expiry = Date{2012, 4, 15};
  c.nationality = "UTO";
  c.surname = "Eriksson";
  c.given_names = "Anna María";
  const auto lines = compose_td1(c);
  CHECK(lines[0] == "I<UTOD231458907<<<<<<<<<<<<<<<");
  CHECK(lines[1] == "7408122F1204159UTO<<<<<<<<<<<6");
  CHECK(lines[2] == "ERIKSSON<<ANNA<MARIA<<<<<<<<<<");
}

TEST_CASE("Vietnamese card MRZ holds the last 9 digits and the full number with check digits and no diacritics", "[mrz]") {
  const auto card = vietnamese_td1("001068012345", {1968, 5, 12}, false, Date{2028, 5, 12}, "Nguyễn Văn Ổn");
  const auto l = compose_td1(card);
  for (const auto& line : l) CHECK(line.size() == 30);
  CHECK(l[0].substr(0, 15) == "IDVNM068012345" + std::string(1, mrz_check_digit("068012345")));
  CHECK(l[0].substr(15) == "001068012345<<" + std::string(1, mrz_check_digit("001068012345")));
  // 680512: 6·7+8·3+0·1+5·7+1·3+2·1 = 106 -> 6; 280512: 14+24+0+35+3+2 = 78 -> 8
  CHECK(l[1].substr(0, 15) == "6805126M2805128");
  CHECK(l[1].substr(15, 3) == "VNM");
  CHECK(l[2] == "NGUYEN<<VAN<ON<<<<<<<<<<<<<<<<");
  // a card without expiry ("Không thời hạn") has fillers there
  const auto forever = compose_td1(vietnamese_td1("001045012345", {1945, 1, 2}, true, std::nullopt, "Đỗ Thị Huệ"));
  CHECK(forever[1].substr(7, 8) == "F<<<<<<0");
  CHECK(forever[2].rfind("DO<<THI<HUE<", 0) == 0);
  CHECK(mrz_name("Quách Tuyết Loan") == "QUACH<<TUYET<LOAN");
  CHECK(mrz_name("Đỗ") == "DO<<");
}

TEST_CASE("areas are read out the way certificates spell them", "[number-words]") {
  auto words = [](const char* printed) { return vi_area_words(*ViDecimal::parse(printed)); };
  CHECK(words("120,5") == "Một trăm hai mươi phẩy năm mét vuông");
  CHECK(words("1.234,5") == "Một nghìn hai trăm ba mươi tư phẩy năm mét vuông");
  CHECK(words("105") == "Một trăm linh năm mét vuông");
  CHECK(words("1.005") == "Một nghìn không trăm linh năm mét vuông");
  CHECK(words("21") == "Hai mươi mốt mét vuông");
  CHECK(words("15") == "Mười lăm mét vuông");
  CHECK(words("11") == "Mười một mét vuông");
  CHECK(words("110") == "Một trăm mười mét vuông");
  CHECK(words("2.000.000") == "Hai triệu mét vuông");
  CHECK(words("45,25") == "Bốn mươi lăm phẩy hai mươi lăm mét vuông");
  CHECK(words("60,05") == "Sáu mươi phẩy không năm mét vuông");
  CHECK(vi_number_words(0) == "không");
  CHECK(vi_number_words(1'000'001) == "một triệu không trăm linh một");
}

TEST_CASE("printed decimals parse with dot thousands and comma decimals", "[number-words]") {
  CHECK(ViDecimal::parse("1.234,5")->value() == Approx(1234.5));
  CHECK(ViDecimal::parse("80")->value() == Approx(80));
  CHECK(ViDecimal{1234, "50"}.printed() == "1.234,50");
  CHECK_FALSE(ViDecimal::parse("12.34"));
  CHECK_FALSE(ViDecimal::parse("1,2,3"));
  CHECK_FALSE(ViDecimal::parse(""));
  CHECK_FALSE(ViDecimal::parse("12a"));
}

TEST_CASE("personal numbers carry province and century-sex digit and year of birth", "[cccd]") {
  CHECK(make_personal_number("001", 1968, false, "012345") == "001068012345");
  CHECK(make_personal_number("079", 1990, true, "000001") == "079190000001");
  CHECK(make_personal_number("036", 2003, false, "123456") == "036203123456");
  CHECK(make_personal_number("036", 2003, true, "123456") == "036303123456");
  const auto info = decode_personal_number("079190000001");
  REQUIRE(info);
  CHECK(info->province_code == "079");
  CHECK(info->birth_year == 1990);
  CHECK(info->female);
  CHECK_FALSE(decode_personal_number("07919000000"));
  CHECK_FALSE(decode_personal_number("07919000000X"));
}

TEST_CASE("a card's expiry follows the law's ages with two years' grace", "[cccd]") {
  const Date birth{1979, 5, 9};
  CHECK(card_expiry_by_law(birth, {2021, 6, 1}) == Date{2039, 5, 9});   // issued at 42: to the 60th birthday
  CHECK(card_expiry_by_law(birth, {2016, 1, 1}) == Date{2019, 5, 9});   // at 36: to the 40th
  CHECK(card_expiry_by_law(birth, {2017, 6, 1}) == Date{2039, 5, 9});   // at 38, within two years of 40: to the 60th
  CHECK_FALSE(card_expiry_by_law(birth, {2037, 6, 1}));                 // at 58: never
  CHECK(card_expiry_by_law({2000, 2, 29}, {2021, 3, 1}) == Date{2025, 2, 28});
}

TEST_CASE("dates convert between printed and ISO forms and day counts", "[date]") {
  CHECK(Date::parse_dmy("5/10/2026")->iso() == "2026-10-05");
  CHECK(Date::parse_dmy("29/02/2023") == std::nullopt);
  CHECK(Date::parse_iso("2024-02-29")->dmy() == "29/02/2024");
  CHECK(Date{2024, 2, 29}.plus_years(1) == Date{2025, 2, 28});
  for (int d : {-1000, 0, 1, 19000, 20000})
    CHECK(Date::from_days_since_epoch(d).days_since_epoch() == d);
  CHECK(Date{1970, 1, 1}.days_since_epoch() == 0);
  CHECK(Date{2000, 3, 1}.days_since_epoch() == 11017);
}

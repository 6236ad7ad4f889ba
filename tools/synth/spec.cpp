#include "tools/synth/spec.hpp"

#include <cctype>
#include <cstdio>

#include "core/cccd.hpp"
#include "core/mrz.hpp"
#include "core/text.hpp"
#include "models/tables.hpp"

namespace sohoa::synth {
namespace {

std::vector<std::string> strings(const Json& array) { return array.get<std::vector<std::string>>(); }

std::string capitalised(const std::string& unit) {
  std::string s = unit;
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

Date random_date(Rng& rng, Date from, Date to) {
  return Date::from_days_since_epoch(rng.integer(from.days_since_epoch(), to.days_since_epoch()));
}

Place random_place(Rng& rng, const std::string& province_code = "") {
  const auto& places = models::table("tables/places.json").at("places");
  const Json* province = &places.at(rng.integer(0, static_cast<int>(places.size()) - 1));
  if (!province_code.empty())
    for (const auto& p : places)
      if (p.at("province") == province_code) province = &p;
  const auto& districts = province->at("districts");
  const auto& district = districts.at(rng.integer(0, static_cast<int>(districts.size()) - 1));
  const auto& communes = district.at("communes");
  const auto& commune = communes.at(rng.integer(0, static_cast<int>(communes.size()) - 1));
  const auto* prov = models::province_by_code(province->at("province").get<std::string>());
  Place place{prov->code, prov->name, prov->type, district.at("name"), district.at("type"),
              commune.at("name"), commune.at("type"), ""};
  const auto& names = models::table("tables/names.json");
  if (place.urban()) {
    place.locality = "Số " + std::to_string(rng.integer(1, 250)) + " đường " + rng.pick(strings(names.at("streets")));
  } else {
    const int code = std::stoi(place.province_code);
    const char* region = code <= 37 ? "villages_north" : code <= 68 ? "villages_central" : "villages_south";
    place.locality = rng.pick(strings(names.at(region)));
  }
  return place;
}

std::string random_name(Rng& rng, bool female) {
  const auto& n = models::table("tables/names.json");
  std::string name = rng.pick(strings(n.at("surnames"))) + " " +
                     rng.pick(strings(n.at(female ? "middle_female" : "middle_male")));
  if (rng.chance(0.25)) name += " " + rng.pick(strings(n.at(female ? "middle_female" : "middle_male")));
  return name + " " + rng.pick(strings(n.at(female ? "given_female" : "given_male")));
}

// Cards expire at the 25th, 40th or 60th birthday after the one they are issued before (with two
// years' grace); cards issued after 58 never expire.
std::optional<Date> card_expiry(const Date& birth, const Date& issue) {
  for (int age : {25, 40, 60})
    if (issue < birth.plus_years(age - 2)) return birth.plus_years(age);
  return std::nullopt;
}

Person random_person(Rng& rng, bool female, int birth_year, const Place& home) {
  Person p;
  p.female = female;
  p.name = random_name(rng, female);
  p.birth = random_date(rng, {birth_year, 1, 1}, {birth_year, 12, 28});
  p.origin = random_place(rng);
  p.origin.locality.clear();
  p.id12 = make_personal_number(p.origin.province_code, birth_year, female, rng.digits(6));
  if (birth_year < 1995 && rng.chance(0.6)) p.cmnd9 = std::to_string(rng.integer(1, 3)) + rng.digits(8);
  p.residence = rng.chance(0.7) ? home : random_place(rng);
  if (rng.chance(0.6)) {
    p.card_form = "cccd_2021";
    p.card_issue = random_date(rng, {2021, 1, 4}, {2024, 6, 28});
  } else {
    p.card_form = "cancuoc_2024";
    p.card_issue = random_date(rng, {2024, 7, 1}, {2026, 10, 30});
  }
  p.card_expiry = card_expiry(p.birth, p.card_issue);
  p.feature = rng.pick(strings(models::table("tables/names.json").at("identifying_marks")));
  return p;
}

ViDecimal random_area(Rng& rng, int lo, int hi) {
  ViDecimal a{static_cast<std::uint64_t>(rng.integer(lo, hi)), ""};
  const double r = rng.uniform();
  if (r < 0.45) a.fraction = std::to_string(rng.integer(1, 9));
  else if (r < 0.55) a.fraction = std::to_string(rng.integer(1, 9)) + std::to_string(rng.integer(1, 9));
  return a;
}

ViDecimal sum(const ViDecimal& a, const ViDecimal& b) {
  // exact decimal addition on hundredths
  auto hundredths = [](const ViDecimal& d) {
    std::string f = d.fraction + "00";
    return d.integer * 100 + static_cast<std::uint64_t>(std::stoi(f.substr(0, 2)));
  };
  const auto total = hundredths(a) + hundredths(b);
  ViDecimal out{total / 100, ""};
  if (total % 100) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02d", static_cast<int>(total % 100));
    out.fraction = buf;
    if (out.fraction.back() == '0') out.fraction.pop_back();
  }
  return out;
}

std::string letters(Rng& rng, const std::vector<std::string>& choices) { return rng.pick(choices); }

void make_parcel(Rng& rng, Certificate& c) {
  auto purpose = [&](const char* code, ViDecimal area) {
    Purpose p{code, models::land_use_by_code(c.form, code)->name, area, "Lâu dài"};
    if (p.code != "ONT" && p.code != "ODT")
      p.term = "Đến ngày " + c.issue_date.plus_years(50).dmy();
    return p;
  };
  if (c.parcel_place.urban()) {
    c.purposes.push_back(purpose("ODT", random_area(rng, 38, 260)));
  } else {
    const double r = rng.uniform();
    if (r < 0.5) {
      c.purposes.push_back(purpose("ONT", random_area(rng, 80, 450)));
    } else if (r < 0.85) {
      c.purposes.push_back(purpose("ONT", random_area(rng, 100, 300)));
      c.purposes.push_back(purpose(rng.chance(0.7) ? "CLN" : "BHK", random_area(rng, 50, 900)));
    } else {
      c.purposes.push_back(purpose(rng.chance(0.5) ? "LUC" : "NTS", random_area(rng, 300, 2400)));
    }
  }
  c.area = c.purposes[0].area;
  for (std::size_t i = 1; i < c.purposes.size(); ++i) c.area = sum(c.area, c.purposes[i].area);
  c.parcel_number = std::to_string(rng.integer(1, 980));
  c.map_sheet = std::to_string(rng.integer(1, 85));
  c.use_form = rng.chance(0.85) ? "Sử dụng riêng" : "Sử dụng chung";
  if (c.form == "2014") {
    if (c.purposes.size() == 1) {
      c.term = c.purposes[0].term;
    } else {
      for (const auto& p : c.purposes) c.term += (c.term.empty() ? "" : "; ") + p.name + ": " + p.term;
    }
    c.origin = rng.pick(strings(models::table("tables/names.json").at("origins")));
  }
}

}  // namespace

std::string Place::formal() const {
  std::string s = locality.empty() ? "" : locality + ", ";
  return s + commune_type + " " + commune + ", " + district_type + " " + district + ", " + province_type + " " + province;
}

std::string Place::formal_caps() const {
  std::string s = locality.empty() ? "" : locality + ", ";
  return s + capitalised(commune_type) + " " + commune + ", " + capitalised(district_type) + " " + district + ", " +
         capitalised(province_type) + " " + province;
}

std::string Place::brief() const {
  std::string s = locality.empty() ? "" : locality + ", ";
  return s + commune + ", " + district + ", " + province;
}

std::string Person::card_name() const { return upper_vi(name); }

std::string Person::qr_payload() const {
  auto ddmmyyyy = [](const Date& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d%02d%04d", d.day, d.month, d.year);
    return std::string(buf);
  };
  const std::string address = card_form == "cccd_2021" ? residence.brief() : residence.formal_caps();
  std::string s = id12 + "|" + cmnd9 + "|" + name + "|" + ddmmyyyy(birth) + "|" + sex() + "|" + address + "|" +
                  ddmmyyyy(card_issue);
  if (card_form == "cancuoc_2024") s += "||||";  // 2024 cards carry four more, empty, fields
  return s;
}

std::array<std::string, 3> Person::mrz() const {
  return compose_td1(vietnamese_td1(id12, birth, female, card_expiry, name));
}

std::string Certificate::date_phrase() const {
  char day[8];
  std::snprintf(day, sizeof day, zero_padded_day ? "%02d" : "%d", issue_date.day);
  char month[8];
  std::snprintf(month, sizeof month, zero_padded_day ? "%02d" : "%d", issue_date.month);
  return "ngày " + std::string(day) + " tháng " + month + " năm " + std::to_string(issue_date.year);
}

DossierSpec make_dossier(Rng& rng, const std::string& id, bool hard) {
  DossierSpec d;
  d.id = id;
  d.hard = hard;
  Certificate& c = d.certificate;
  c.form = rng.chance(0.6) ? "2014" : "2024";
  c.issue_date = c.form == "2014" ? random_date(rng, {2015, 1, 5}, {2024, 7, 25}) : random_date(rng, {2024, 8, 1}, {2025, 6, 27});
  c.zero_padded_day = rng.chance(0.5);
  c.parcel_place = random_place(rng);

  const int owners = rng.chance(0.6) ? 1 : 2;
  const int husband_year = rng.integer(1942, 1996);
  if (owners == 1) {
    const bool female = rng.chance(0.4);
    d.people.push_back(random_person(rng, female, husband_year, c.parcel_place));
  } else {
    d.people.push_back(random_person(rng, false, husband_year, c.parcel_place));
    d.people.push_back(random_person(rng, true, std::min(1997, husband_year + rng.integer(-3, 6)), d.people[0].residence));
  }
  for (int i = 0; i < owners; ++i) {
    const Person& p = d.people[i];
    Owner o{p.female ? "Bà" : "Ông", i, "CCCD", p.id12};
    if (c.form == "2014" && !p.cmnd9.empty() && c.issue_date.year < 2021) o = {o.title, i, "CMND", p.cmnd9};
    else if (c.form == "2024" && p.card_form == "cancuoc_2024") o.id_type = "CC";
    c.owners.push_back(o);
  }
  make_parcel(rng, c);
  const auto& officials = strings(models::table("tables/names.json").at("officials"));
  c.signer = rng.pick(officials);
  if (c.form == "2014") {
    c.serial = letters(rng, {"BX", "CA", "CB", "CD", "CE", "CG", "CH", "CK", "CL", "CS", "CT", "DA", "DB"}) + " " + rng.digits(6);
    c.registry_number = letters(rng, {"CH", "CS", "CT", "VP", "DC"}) + (rng.chance(0.8) ? " " : "") + rng.digits(5);
    c.issuer = {"TM. ỦY BAN NHÂN DÂN", upper_vi(c.parcel_place.district_type + " " + c.parcel_place.district), "CHỦ TỊCH"};
  } else {
    c.serial = letters(rng, {"AA", "AB", "AC", "AD", "AE", "AG", "AH", "AK"}) + " " + rng.digits(8);
    c.issuer = {"TM. ỦY BAN NHÂN DÂN", upper_vi(c.parcel_place.district_type + " " + c.parcel_place.district), "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"};
    c.qr_payload = "GCN|" + c.serial + "|" + c.issue_date.iso() + "|" + c.parcel_place.province_code + "|" + c.map_sheet + "|" + c.parcel_number;
  }
  return d;
}

Json certificate_truth(const Certificate& c, const std::vector<Person>& people) {
  Json fields;
  fields["serial"] = c.serial;
  if (c.form == "2014") fields["registry_number"] = collapse_spaces(c.registry_number);
  fields["issue_date"] = c.issue_date.iso();
  fields["owners"] = Json::array();
  for (const auto& o : c.owners) {
    const Person& p = people.at(o.person);
    Json owner;
    owner["title"] = o.title;
    owner["name"] = p.name;
    if (c.form == "2014") owner["birth_year"] = p.birth.year;
    owner["id_type"] = o.id_type;
    owner["id_number"] = o.id_number;
    if (c.form == "2014") owner["address"] = p.residence.formal();
    fields["owners"].push_back(owner);
  }
  Json parcel;
  parcel["number"] = c.parcel_number;
  parcel["map_sheet"] = c.map_sheet;
  parcel["address"] = c.parcel_place.formal();
  parcel["area_m2"] = c.area.value();
  parcel["use_form"] = c.use_form;
  parcel["purposes"] = Json::array();
  for (const auto& p : c.purposes) {
    Json j;
    j["name"] = p.name;
    j["code"] = p.code;
    j["area_m2"] = p.area.value();
    if (c.form == "2024") j["term"] = p.term;
    parcel["purposes"].push_back(j);
  }
  if (c.form == "2014") {
    parcel["term"] = c.term;
    parcel["origin"] = c.origin;
  }
  fields["parcel"] = parcel;
  Json doc;
  doc["type"] = "land_certificate";
  doc["form"] = c.form;
  doc["sources"] = Json::array();
  doc["fields"] = fields;
  doc["checks"] = Json::array();
  return doc;
}

Json card_truth(const Person& p) {
  Json f;
  f["id_number"] = p.id12;
  f["old_id_number"] = p.cmnd9.empty() ? Json() : Json(p.cmnd9);
  f["full_name"] = p.card_name();
  f["date_of_birth"] = p.birth.iso();
  f["sex"] = p.sex();
  f["nationality"] = "Việt Nam";
  if (p.card_form == "cccd_2021") {
    f["place_of_origin"] = p.origin.brief();
    f["place_of_residence"] = p.residence.brief();
  } else {
    f["place_of_birth"] = p.origin.formal_caps();
    f["place_of_residence"] = p.residence.formal_caps();
  }
  f["date_of_issue"] = p.card_issue.iso();
  f["date_of_expiry"] = p.card_expiry ? Json(p.card_expiry->iso()) : Json();
  const auto mrz = p.mrz();
  f["mrz"] = mrz[0] + "\n" + mrz[1] + "\n" + mrz[2];
  Json doc;
  doc["type"] = "id_card";
  doc["form"] = p.card_form;
  doc["sources"] = Json::array();
  doc["fields"] = f;
  doc["checks"] = Json::array();
  return doc;
}

}  // namespace sohoa::synth

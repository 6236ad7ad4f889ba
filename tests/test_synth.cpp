// The generator: its truth follows the dossier contract, its numbers are valid, its output is
// reproducible, and what it claims to have printed is where it says, readable by other readers.
#include <ZXing/ReadBarcode.h>

#include <catch2/catch.hpp>
#include <opencv2/imgcodecs.hpp>
#include <regex>
#include <set>

#include "core/cccd.hpp"
#include "core/date.hpp"
#include "core/mrz.hpp"
#include "core/text.hpp"
#include "models/tables.hpp"
#include "tests/synth_fixture.hpp"

using namespace sohoa;
using namespace sohoa::testing;
namespace fs = std::filesystem;

namespace {

std::set<std::string> keys(const Json& o) {
  std::set<std::string> k;
  for (const auto& [key, v] : o.items()) k.insert(key);
  return k;
}

bool iso_date(const Json& v) { return v.is_string() && Date::parse_iso(v.get<std::string>()).has_value(); }

void all_strings_nfc(const Json& j) {
  if (j.is_string()) CHECK(nfc(j.get<std::string>()) == j.get<std::string>());
  else if (j.is_structured())
    for (const auto& v : j) all_strings_nfc(v);
}

std::vector<Json> truth_documents(const synth::DossierSpec& d) {
  std::vector<Json> docs = {synth::certificate_truth(d.certificate, d.people)};
  for (const auto& p : d.people) docs.push_back(synth::card_truth(p));
  return docs;
}

void check_certificate(const Json& doc) {
  const std::string form = doc["form"];
  const Json& f = doc["fields"];
  // the contract's table, per form
  if (form == "2014") {
    CHECK(keys(f) == std::set<std::string>{"serial", "registry_number", "issue_date", "owners", "parcel"});
    CHECK(std::regex_match(f["serial"].get<std::string>(), std::regex("[A-Z]{2} [0-9]{6}")));
  } else {
    REQUIRE(form == "2024");
    CHECK(keys(f) == std::set<std::string>{"serial", "issue_date", "owners", "parcel"});
    CHECK(std::regex_match(f["serial"].get<std::string>(), std::regex("[A-Z]{2} [0-9]{8}")));
  }
  CHECK(iso_date(f["issue_date"]));
  REQUIRE(f["owners"].size() >= 1);
  for (const auto& o : f["owners"]) {
    const std::set<std::string> expected = form == "2014"
        ? std::set<std::string>{"title", "name", "birth_year", "id_type", "id_number", "address"}
        : std::set<std::string>{"title", "name", "id_type", "id_number"};
    CHECK(keys(o) == expected);
    CHECK((o["title"] == "Ông" || o["title"] == "Bà"));
    const std::string type = o["id_type"], number = o["id_number"];
    CHECK(std::regex_match(number, std::regex(type == "CMND" ? "[0-9]{9}" : "[0-9]{12}")));
    CHECK((type == "CCCD" || type == "CMND" || type == "CC"));
  }
  const Json& p = f["parcel"];
  CHECK(keys(p) == (form == "2014" ? std::set<std::string>{"number", "map_sheet", "address", "area_m2", "use_form", "purposes", "term", "origin"}
                                   : std::set<std::string>{"number", "map_sheet", "address", "area_m2", "use_form", "purposes"}));
  double sum = 0;
  for (const auto& pu : p["purposes"]) {
    const auto* lu = models::land_use_by_code(form, pu["code"].get<std::string>());
    REQUIRE(lu);
    CHECK(lu->name == pu["name"]);
    sum += pu["area_m2"].get<double>();
    if (form == "2024") {
      const std::string term = pu["term"];
      CHECK((term == "Lâu dài" || std::regex_match(term, std::regex("Đến ngày [0-9]{2}/[0-9]{2}/[0-9]{4}"))));
    }
  }
  CHECK(sum == Approx(p["area_m2"].get<double>()).epsilon(1e-9));
}

void check_card(const Json& doc) {
  const Json& f = doc["fields"];
  const bool y2021 = doc["form"] == "cccd_2021";
  CHECK(keys(f) == std::set<std::string>{"id_number", "old_id_number", "full_name", "date_of_birth", "sex", "nationality",
                                         y2021 ? "place_of_origin" : "place_of_birth", "place_of_residence",
                                         "date_of_issue", "date_of_expiry", "mrz"});
  const std::string id = f["id_number"];
  const auto info = decode_personal_number(id);
  REQUIRE(info);
  CHECK(models::province_by_code(info->province_code) != nullptr);
  const Date birth = *Date::parse_iso(f["date_of_birth"].get<std::string>());
  CHECK(info->birth_year == birth.year);
  CHECK(info->female == (f["sex"] == "Nữ"));
  CHECK(f["full_name"] == upper_vi(f["full_name"].get<std::string>()));
  CHECK(iso_date(f["date_of_issue"]));
  if (!f["date_of_expiry"].is_null()) CHECK(f["date_of_expiry"].get<std::string>() > f["date_of_issue"].get<std::string>());
  if (!f["old_id_number"].is_null()) CHECK(std::regex_match(f["old_id_number"].get<std::string>(), std::regex("[0-9]{9}")));
  // MRZ: three lines of 30, every check digit right
  const std::string mrz = f["mrz"];
  REQUIRE(mrz.size() == 92);
  const std::string l1 = mrz.substr(0, 30), l2 = mrz.substr(31, 30), l3 = mrz.substr(62, 30);
  CHECK(l1.substr(0, 5) == "IDVNM");
  CHECK(l1.substr(5, 9) == id.substr(3));
  CHECK(l1[14] == mrz_check_digit(l1.substr(5, 9)));
  CHECK(l1.substr(15, 12) == id);
  CHECK(l1[29] == mrz_check_digit(id));
  CHECK(l2.substr(0, 6) == birth.yymmdd());
  CHECK(l2[6] == mrz_check_digit(l2.substr(0, 6)));
  CHECK(l2[7] == (info->female ? 'F' : 'M'));
  CHECK(l2[14] == mrz_check_digit(l2.substr(8, 6)));
  CHECK(l2[29] == mrz_check_digit(l1.substr(5, 25) + l2.substr(0, 7) + l2.substr(8, 7) + l2.substr(18, 11)));
  std::string name = mrz_text(f["full_name"].get<std::string>());
  name.replace(name.find('<'), 1, "<<");
  CHECK(l3.rfind(name.substr(0, 30), 0) == 0);
}

}  // namespace

TEST_CASE("truth follows the dossier contract on every form with valid numbers", "[synth]") {
  std::set<std::string> forms;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    const auto d = synth::dossier_spec("d", seed, seed % 2 == 0);
    const auto docs = truth_documents(d);
    check_certificate(docs[0]);
    forms.insert(docs[0]["form"].get<std::string>());
    for (std::size_t i = 1; i < docs.size(); ++i) {
      check_card(docs[i]);
      forms.insert(docs[i]["form"].get<std::string>());
    }
    // cross-document: each owner is the holder of one of the cards
    for (const auto& o : docs[0]["fields"]["owners"]) {
      bool found = false;
      for (std::size_t i = 1; i < docs.size(); ++i) {
        const Json& c = docs[i]["fields"];
        if ((c["id_number"] == o["id_number"] || c["old_id_number"] == o["id_number"]) && c["full_name"] == upper_vi(o["name"].get<std::string>()))
          found = true;
      }
      CHECK(found);
    }
    for (const auto& doc : docs) all_strings_nfc(doc);
  }
  CHECK(forms == std::set<std::string>{"2014", "2024", "cccd_2021", "cancuoc_2024"});
}

TEST_CASE("the same seed gives the same bytes and another seed another dossier", "[synth]") {
  TempDir a, b, c;
  synth::synthesize_dossier("d0001", 42, false, a.path());
  synth::synthesize_dossier("d0001", 42, false, b.path());
  synth::synthesize_dossier("d0001", 43, false, c.path());
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(a.path())) {
    const fs::path other = b.path() / e.path().filename();
    REQUIRE(fs::exists(other));
    std::ifstream x(e.path(), std::ios::binary), y(other, std::ios::binary);
    const std::string bx((std::istreambuf_iterator<char>(x)), {}), by((std::istreambuf_iterator<char>(y)), {});
    CHECK(bx == by);
    ++files;
  }
  CHECK(files >= 4);
  CHECK(read_json_file(a.path() / "truth.json") != read_json_file(c.path() / "truth.json"));
}

namespace {

// Leaves the contract derives rather than reads from print: codes looked up from the name (2014),
// the area of a single purpose (2014), the old ID number (carried only in the QR code).
bool derived(const std::string& form, const std::string& path, std::size_t purposes) {
  if (path == "old_id_number") return true;
  if (form == "2014" && path.find(".code") != std::string::npos) return true;
  return form == "2014" && purposes == 1 && path == "parcel.purposes[0].area_m2";
}

void leaf_paths(const Json& node, const std::string& path, std::vector<std::string>& out) {
  if (!node.is_structured()) return out.push_back(path);
  if (node.is_object())
    for (const auto& [k, v] : node.items()) leaf_paths(v, path.empty() ? k : path + "." + k, out);
  else
    for (std::size_t i = 0; i < node.size(); ++i) leaf_paths(node[i], path + "[" + std::to_string(i) + "]", out);
}

std::vector<std::string> decode_qr_codes(const fs::path& image) {
  cv::Mat grey = cv::imread(image.string(), cv::IMREAD_GRAYSCALE);
  REQUIRE_FALSE(grey.empty());
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode).setTryHarder(true).setTryRotate(true);
  std::vector<std::string> out;
  for (const auto& r : ZXing::ReadBarcodes({grey.data, grey.cols, grey.rows, ZXing::ImageFormat::Lum, static_cast<int>(grey.step)}, hints))
    if (r.isValid()) out.push_back(r.text());
  return out;
}

void check_rendered_dossier(std::uint64_t seed) {
  TempDir dir;
  const Json truth = synth::synthesize_dossier("d0001", seed, false, dir.path());
  const Json geometry = read_json_file(dir.path() / "geometry.json");
  CHECK(read_json_file(dir.path() / "truth.json") == truth);
  CHECK(truth["schema"] == "sohoa.dossier/1");

  // every document is placed, inside its image, where truth.json says
  std::map<int, std::set<std::string>> printed;  // document -> field paths with a box
  std::set<std::string> payloads;
  for (const auto& scan : geometry["scans"]) {
    const fs::path file = dir.path() / scan["source"].get<std::string>();
    REQUIRE(fs::exists(file));
    const cv::Mat image = cv::imread(file.string(), cv::IMREAD_UNCHANGED);
    CHECK(image.cols == scan["width"]);
    CHECK(image.rows == scan["height"]);
    for (const auto& doc : scan["documents"]) {
      for (const auto& c : doc["corners"]) {
        CHECK(c[0].get<double>() >= -1);
        CHECK(c[0].get<double>() <= image.cols + 1);
        CHECK(c[1].get<double>() >= -1);
        CHECK(c[1].get<double>() <= image.rows + 1);
      }
      bool listed = false;
      for (const auto& src : truth["documents"][doc["document"].get<std::size_t>()]["sources"])
        listed = listed || (src["source"] == scan["source"] && src["region"] == doc["region"]);
      CHECK(listed);
      for (const auto& [path, box] : doc["fields"].items()) printed[doc["document"].get<int>()].insert(path);
    }
    if (scan["mode"] != "sheet_feeder" || truth["documents"][0]["form"] == "2024")
      for (const auto& p : decode_qr_codes(file)) payloads.insert(p);
  }
  // every field a person must read is printed somewhere
  for (std::size_t i = 0; i < truth["documents"].size(); ++i) {
    const Json& doc = truth["documents"][i];
    std::vector<std::string> paths;
    leaf_paths(doc["fields"], "", paths);
    const std::size_t purposes = doc["type"] == "land_certificate" ? doc["fields"]["parcel"]["purposes"].size() : 0;
    for (const auto& p : paths) {
      INFO(doc["form"].get<std::string>() << " " << p);
      if (!derived(doc["form"], p, purposes)) CHECK(printed[static_cast<int>(i)].count(p) == 1);
    }
  }
  // every QR code on the scans decodes with an independent reader and says what the truth says
  for (std::size_t i = 1; i < truth["documents"].size(); ++i) {
    const Json& f = truth["documents"][i]["fields"];
    bool found = false;
    for (const auto& p : payloads) {
      if (p.rfind(f["id_number"].get<std::string>() + "|", 0) != 0) continue;
      found = true;
      std::vector<std::string> parts;
      std::size_t start = 0;
      for (std::size_t bar; (bar = p.find('|', start)) != std::string::npos; start = bar + 1) parts.push_back(p.substr(start, bar - start));
      parts.push_back(p.substr(start));
      REQUIRE(parts.size() >= 7);
      CHECK(parts[1] == (f["old_id_number"].is_null() ? "" : f["old_id_number"].get<std::string>()));
      CHECK(upper_vi(parts[2]) == f["full_name"]);
      const Date dob = *Date::parse_iso(f["date_of_birth"].get<std::string>());
      CHECK(parts[3] == dob.dmy().substr(0, 2) + dob.dmy().substr(3, 2) + dob.dmy().substr(6, 4));
      CHECK(parts[4] == f["sex"]);
      CHECK(parts[5] == f["place_of_residence"]);
      if (truth["documents"][i]["form"] == "cancuoc_2024") CHECK(parts.size() == 11);
    }
    CHECK(found);
  }
  if (truth["documents"][0]["form"] == "2024") {
    bool found = false;
    for (const auto& p : payloads) found = found || p.find(truth["documents"][0]["fields"]["serial"].get<std::string>()) != std::string::npos;
    CHECK(found);
  }
}

}  // namespace

TEST_CASE("2014 certificate with chip CCCD is placed and printed and QR-readable as the truth says", "[synth][render]") {
  check_rendered_dossier(seed_with("2014", "cccd_2021"));
}

TEST_CASE("2024 certificate with căn cước is placed and printed and QR-readable as the truth says", "[synth][render]") {
  check_rendered_dossier(seed_with("2024", "cancuoc_2024"));
}

TEST_CASE("hard dossiers are generated with the counter's troubles and the same contract", "[synth][render]") {
  TempDir dir;
  synth::SynthOptions o;
  o.out = dir.path();
  o.dossiers = 2;
  o.seed = 5;
  o.hard = true;
  int reported = 0;
  synth::synthesize(o, [&](const synth::DossierWritten& w) {
    ++reported;
    CHECK(w.scans >= 3);
  });
  CHECK(reported == 2);
  for (const char* id : {"d0001", "d0002"}) {
    const Json truth = read_json_file(dir.path() / id / "truth.json");
    CHECK(truth["dossier_id"] == id);
    check_certificate(truth["documents"][0]);
    for (std::size_t i = 1; i < truth["documents"].size(); ++i) check_card(truth["documents"][i]);
  }
}

TEST_CASE("committed sample scans still say what their truth says", "[synth][samples]") {
  const fs::path dir = fs::path(SOHOA_SOURCE_DIR) / "tests" / "samples" / "d0005";
  const Json truth = read_json_file(dir / "truth.json");
  int cards_checked = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".jpg") continue;
    for (const auto& payload : decode_qr_codes(e.path()))
      for (const auto& doc : truth["documents"])
        if (doc["type"] == "id_card" && payload.rfind(doc["fields"]["id_number"].get<std::string>() + "|", 0) == 0) ++cards_checked;
  }
  CHECK(cards_checked >= 1);
}

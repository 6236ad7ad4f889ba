// The export library as the station's server will call it: records held in memory (no ocr.json),
// scans by source name, the station key made on first use, the package and its verification.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/text.hpp"
#include "export/exchange_xml.hpp"
#include "export/package.hpp"
#include "export/pdf.hpp"
#include "models/tables.hpp"
#include "tests/synth_fixture.hpp"

using namespace sohoa;
namespace fs = std::filesystem;

namespace {

// The generator's truth as a record whose every value was read right: each leaf a Field.
Json as_fields(const Json& node) {
  if (node.is_object()) {
    Json out = Json::object();
    for (const auto& [k, v] : node.items()) out[k] = as_fields(v);
    return out;
  }
  if (node.is_array()) {
    Json out = Json::array();
    for (const auto& v : node) out.push_back(as_fields(v));
    return out;
  }
  return {{"value", node}, {"confidence", 1.0}, {"review", false}};
}

exporter::DossierExport from_truth(const Json& truth, const fs::path& scans) {
  exporter::DossierExport d;
  d.record = truth;
  for (auto& doc : d.record["documents"]) doc["fields"] = as_fields(doc["fields"]);
  for (const auto& p : truth["pages"]) d.scans[p["source"].get<std::string>()] = scans / p["source"].get<std::string>();
  d.operator_id = "op1", d.clerk = "clerk1";
  return d;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("A package of records held in memory verifies under the station key and no other", "[export]") {
  testing::TempDir dir;
  const Json truth = synth::synthesize_dossier("d0001", testing::seed_with("2024", "cancuoc_2024", 5), false, dir.path() / "in");
  const auto dossier = from_truth(truth, dir.path() / "in");

  const fs::path key_file = dir.path() / "keys" / "station.pem";
  const auto key = exporter::StationKey::load_or_create(key_file);
  struct stat st{};
  REQUIRE(::stat(key_file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(exporter::StationKey::load_or_create(key_file).key_id() == key.key_id());  // made once, then reused

  const Json manifest = exporter::write_package({dossier}, {"B9", "S1", "2026-11-24T00:00:00Z"}, key, dir.path() / "b9.zip");
  CHECK(manifest["dossiers"][0]["counts"]["scans"] == dossier.scans.size());
  CHECK(manifest["counts"]["files"] == 3);
  CHECK(manifest["dossiers"][0]["operator"] == "op1");
  CHECK(manifest["dossiers"][0]["clerk"] == "clerk1");

  const auto ok = exporter::verify_package(dir.path() / "b9.zip", {key.public_pem()});
  INFO((ok.problems.empty() ? std::string() : ok.problems.front()));
  CHECK(ok.ok);
  CHECK(ok.signed_by == key.key_id());

  std::map<std::string, std::string> files;
  for (auto& [path, bytes] : exporter::read_zip(slurp(dir.path() / "b9.zip"))) files[path] = bytes;
  REQUIRE(files.count("d0001/d0001.pdf"));
  CHECK(files["d0001/d0001.pdf"].rfind("%PDF-", 0) == 0);
  // the XML carries the certificate's serial and issue date (dd/MM/yyyy) from the truth
  const Json* cert = nullptr;
  for (const auto& doc : truth["documents"])
    if (doc["type"] == "land_certificate") cert = &doc;
  REQUIRE(cert);
  const std::string xml = files["d0001/d0001.xml"];
  CHECK(xml.find("<soPhatHanh>" + (*cert)["fields"]["serial"].get<std::string>() + "</soPhatHanh>") != std::string::npos);
  CHECK(xml.find("<ngayCap>" + exporter::dmy((*cert)["fields"]["issue_date"].get<std::string>()) + "</ngayCap>") != std::string::npos);

  const auto stranger = exporter::StationKey::load_or_create(dir.path() / "other.pem");
  const auto refused = exporter::verify_package(dir.path() / "b9.zip", {stranger.public_pem()});
  CHECK_FALSE(refused.ok);
  REQUIRE_FALSE(refused.problems.empty());
  CHECK(refused.problems.front().find("not a trusted station key") != std::string::npos);

  const std::string zip = slurp(dir.path() / "b9.zip");
  const auto cut = exporter::verify_package_bytes(zip.substr(0, zip.size() / 2), {key.public_pem()});
  CHECK_FALSE(cut.ok);
  CHECK_FALSE(cut.problems.empty());
}

TEST_CASE("Export names a scan it cannot find and a key file it cannot use", "[export]") {
  testing::TempDir dir;
  const Json truth = synth::synthesize_dossier("d0001", testing::seed_with("2014", "cccd_2021", 3), false, dir.path() / "in");
  auto dossier = from_truth(truth, dir.path() / "in");
  const std::string first = truth["pages"][0]["source"];
  dossier.scans.erase(first);
  REQUIRE_THROWS_WITH(exporter::render_pdf(dossier), Catch::Contains("no scan file for " + first));
  dossier.scans[first] = dir.path() / "in" / "truth.json";  // not an image
  REQUIRE_THROWS_WITH(exporter::render_pdf(dossier), Catch::Contains("scan " + first));

  std::ofstream(dir.path() / "bad.pem") << "not a key\n";
  REQUIRE_THROWS_WITH(exporter::StationKey::load_or_create(dir.path() / "bad.pem"), Catch::Contains("is not a PEM private key"));
  REQUIRE_THROWS_WITH(exporter::load_public_keys(dir.path() / "bad.pem"), Catch::Contains("not a PEM public key"));
}

TEST_CASE("Exchange XML helpers: dates and province codes", "[export]") {
  CHECK(exporter::dmy("2026-10-05") == "05/10/2026");
  CHECK(exporter::dmy("không rõ") == "không rõ");
  // the province of a parcel's address, as the generator wrote it, in full or brief
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const auto place = synth::dossier_spec("t", seed, false).certificate.parcel_place;
    INFO(place.formal());
    CHECK(exporter::province_code_of(place.formal()) == place.province_code);
    CHECK(exporter::province_code_of(place.formal_caps()) == place.province_code);
    CHECK(exporter::province_code_of(place.brief()) == place.province_code);
  }
  CHECK(exporter::province_code_of("Thôn Đông, xã Tân Hội") == "");
  CHECK(exporter::entity_guid("d0001", "DC_ThuaDat") == exporter::entity_guid("d0001", "DC_ThuaDat"));
  CHECK(exporter::entity_guid("d0001", "DC_ThuaDat") != exporter::entity_guid("d0002", "DC_ThuaDat"));
}

namespace {

// The commune code places.json gives the unit of that province, district and commune, looked up
// here on the table's JSON ("" where the table has no code).
std::string table_commune_code(const std::string& province, const std::string& district, const std::string& commune) {
  for (const auto& p : models::table("tables/places.json").at("places")) {
    if (p.at("province") != province) continue;
    for (const auto& d : p.at("districts")) {
      if (d.at("name") != district) continue;
      for (const auto& c : d.at("communes"))
        if (c.at("name") == commune) return c.value("code", "");
    }
  }
  return "";
}

// The exchange XML of a record holding only a certificate whose parcel is at that address.
std::string xml_with_parcel_address(const std::string& address) {
  exporter::DossierExport d;
  d.record = {{"dossier_id", "d0009"},
              {"documents", Json::array({{{"type", "land_certificate"},
                                          {"form", "gcn_2014"},
                                          {"fields", {{"parcel", {{"address", {{"value", address}, {"confidence", 1.0}, {"review", false}}}}}}}}})}};
  return exporter::render_exchange_xml(d, "d0009/d0009.pdf");
}

}  // namespace

TEST_CASE("Commune codes of parcel addresses as the generator writes them", "[export]") {
  // two codes known from the GSO list itself
  CHECK(models::commune_code_of("Thôn Đoài, xã Tân Hội, huyện Đan Phượng, thành phố Hà Nội") == "09817");
  CHECK(models::commune_code_of("Số 3 đường Đội Cấn, phường Phúc Xá, quận Ba Đình, thành phố Hà Nội") == "00001");
  // a certificate may place the tone marks the newer way ("Thuỷ", "Hoà")
  CHECK(models::commune_code_of("xã Thuỷ Thanh, thị xã Hương Thuỷ, tỉnh Thừa Thiên Huế") == "19966");
  CHECK(models::commune_code_of("xã Hoà Phước, huyện Hoà Vang, thành phố Đà Nẵng") == "20329");
  int coded = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    const auto place = synth::dossier_spec("t", seed, false).certificate.parcel_place;
    const std::string expected = table_commune_code(place.province_code, place.district, place.commune);
    INFO(place.formal());
    CHECK(models::commune_code_of(place.formal()) == expected);
    CHECK(models::commune_code_of(place.formal_caps()) == expected);
    CHECK(models::commune_code_of(place.brief()) == expected);
    CHECK(models::commune_code_of(upper_vi(place.formal())) == expected);
    coded += expected.empty() ? 0 : 1;
  }
  CHECK(coded >= 30);  // all but the two communes of the table without a code
  CHECK(xml_with_parcel_address("Xóm 2, xã Hoằng Lộc, huyện Hoằng Hóa, tỉnh Thanh Hóa").find("<maXa>15964</maXa>") != std::string::npos);
}

TEST_CASE("places.json carries a district code of 3 digits and commune codes of 5 and none twice", "[export]") {
  std::set<std::string> communes;
  int districts = 0;
  for (const auto& p : models::table("tables/places.json").at("places"))
    for (const auto& d : models::districts_of(p.at("province").get<std::string>())) {
      INFO(d.name);
      CHECK(std::regex_match(d.code, std::regex("[0-9]{3}")));
      ++districts;
      for (const auto& c : d.communes) {
        INFO(c.name);
        if (c.code.empty()) continue;
        CHECK(std::regex_match(c.code, std::regex("[0-9]{5}")));
        CHECK(communes.insert(c.code).second);
      }
    }
  CHECK(districts == 28);
  CHECK(communes.size() == 75);  // 77 communes, Phú Thượng and Thuận An without a code
  // the GSO list's first entries: quận Ba Đình 001, its phường Phúc Xá 00001
  const auto& hanoi = models::districts_of("001");
  const auto ba_dinh = std::find_if(hanoi.begin(), hanoi.end(), [](const models::District& d) { return d.name == "Ba Đình"; });
  REQUIRE(ba_dinh != hanoi.end());
  CHECK(ba_dinh->code == "001");
  CHECK(ba_dinh->communes.front().name == "Phúc Xá");
  CHECK(ba_dinh->communes.front().code == "00001");
}

TEST_CASE("An address outside the table or with a commune in another district gets no maXa", "[export]") {
  const std::vector<std::string> unknown = {
      "xã Tân Hội, huyện Gia Lâm, thành phố Hà Nội",           // Tân Hội is in Đan Phượng
      "xã Bát Tràng, huyện Đan Phượng, thành phố Hà Nội",      // Bát Tràng is in Gia Lâm
      "xã Tân Hội, huyện Đan Phượng, tỉnh Nam Định",           // Đan Phượng is in Hà Nội
      "xã Tân Lập, huyện Đan Phượng, thành phố Hà Nội",        // a real commune the table lacks
      "phường Tràng Tiền, quận Hoàn Kiếm, thành phố Hà Nội",   // a district the table lacks
      "phường Tân Hội, huyện Đan Phượng, thành phố Hà Nội",    // a type word that is not the unit's
      "thị trấn Thuận An, huyện Phú Vang, tỉnh Thừa Thiên Huế",  // in the table, without a code
      "xã Tân Hội, huyện Đan Phượng",                          // no province
      "xã Tân Hội Đan Phượng Hà Nội",
      "",
  };
  for (const auto& address : unknown) {
    INFO(address);
    CHECK(models::commune_code_of(address) == "");
    const std::string xml = xml_with_parcel_address(address);
    CHECK(xml.find("<DC_ThuaDat") != std::string::npos);
    CHECK(xml.find("<maXa>") == std::string::npos);
  }
}

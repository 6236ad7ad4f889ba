// The export library as the station's server will call it: records held in memory (no ocr.json),
// scans by source name, the station key made on first use, the package and its verification.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "export/exchange_xml.hpp"
#include "export/package.hpp"
#include "export/pdf.hpp"
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

// The scorer, on generated truth: a perfect prediction scores perfectly, and each kind of mistake
// is counted where the contract says it belongs.
#include <catch2/catch.hpp>

#include "tests/synth_fixture.hpp"
#include "tools/score/score.hpp"

using namespace sohoa;
using namespace sohoa::testing;

namespace {

Json truth_for(std::uint64_t seed) {
  const auto d = synth::dossier_spec("d0001", seed, false);
  Json t;
  t["schema"] = kDossierSchema;
  t["dossier_id"] = "d0001";
  t["pages"] = Json::array({{{"source", "p01.jpg"}}, {{"source", "p02.jpg"}}, {{"source", "p02.jpg"}}});
  t["documents"] = Json::array({synth::certificate_truth(d.certificate, d.people)});
  for (const auto& p : d.people) t["documents"].push_back(synth::card_truth(p));
  return t;
}

// A prediction in the contract's shape: every plain leaf becomes a Field object.
Json as_prediction(const Json& node) {
  if (!node.is_structured()) {
    Field f;
    f.value = node;
    f.confidence = 0.99;
    f.review = false;
    f.evidence = {"ocr"};
    return to_json(f);
  }
  Json out = node;
  for (auto& [k, v] : out.items()) v = as_prediction(v);
  return out;
}

Json predict(const Json& truth) {
  Json p = truth;
  for (auto& d : p["documents"]) d["fields"] = as_prediction(d["fields"]);
  return p;
}

int leaf_count(const Json& n) {
  if (!n.is_structured()) return 1;
  int c = 0;
  for (const auto& v : n) c += leaf_count(v);
  return c;
}

}  // namespace

TEST_CASE("a perfect prediction scores 100% with nothing flagged", "[score]") {
  const Json truth = truth_for(3);
  const auto r = score::score_dossier(truth, predict(truth));
  int leaves = 0;
  for (const auto& d : truth["documents"]) leaves += leaf_count(d["fields"]);
  CHECK(r.fields.total == leaves);
  CHECK(r.fields.correct == leaves);
  CHECK(r.fields.wrong_unflagged == 0);
  CHECK(r.fields.flagged == 0);
  CHECK(r.documents_all_right == r.documents);
  CHECK(r.pages == 2);
}

TEST_CASE("wrong fields count as unflagged or flagged by their review mark", "[score]") {
  const Json truth = truth_for(4);
  Json pred = predict(truth);
  pred["documents"][0]["fields"]["serial"]["value"] = "XX 000000";  // wrong, not flagged
  pred["documents"][1]["fields"]["date_of_birth"]["value"] = "1900-01-01";
  pred["documents"][1]["fields"]["date_of_birth"]["review"] = true;  // wrong, flagged
  pred["documents"][1]["fields"]["sex"]["review"] = true;            // right, flagged
  const auto r = score::score_dossier(truth, pred);
  CHECK(r.fields.correct == r.fields.total - 2);
  CHECK(r.fields.wrong_unflagged == 1);
  CHECK(r.fields.flagged == 2);
  CHECK(r.critical.wrong_unflagged == 0);
  CHECK(r.critical.flagged == 1);
  CHECK(r.documents_all_right == r.documents - 2);
  CHECK(r.per_field.at("land_certificate.serial").wrong_unflagged == 1);
  CHECK(r.per_field.at("id_card.date_of_birth").correct == r.per_field.at("id_card.date_of_birth").total - 1);
}

TEST_CASE("documents are matched by content not order and missing ones count against", "[score]") {
  const Json truth = truth_for(5);
  Json pred = predict(truth);
  Json reversed = pred;
  std::reverse(reversed["documents"].begin(), reversed["documents"].end());
  CHECK(score::score_dossier(truth, reversed).fields.correct == score::score_dossier(truth, pred).fields.correct);
  pred["documents"].erase(pred["documents"].begin());  // the certificate is not found
  const auto r = score::score_dossier(truth, pred);
  CHECK(r.documents_missing == 1);
  CHECK(r.fields.wrong_unflagged == leaf_count(truth["documents"][0]["fields"]));
  // numbers compare as numbers
  Json areas = predict(truth);
  areas["documents"][0]["fields"]["parcel"]["area_m2"]["value"] = truth["documents"][0]["fields"]["parcel"]["area_m2"].get<double>() + 1e-9;
  CHECK(score::score_dossier(truth, areas).fields.wrong_unflagged == 0);
}

TEST_CASE("folders of dossiers are scored by name with pages per minute from run.json", "[score]") {
  TempDir truth_root, pred_root;
  for (int i = 1; i <= 2; ++i) {
    const std::string id = "d000" + std::to_string(i);
    std::filesystem::create_directories(truth_root.path() / id);
    std::filesystem::create_directories(pred_root.path() / id);
    const Json t = truth_for(static_cast<std::uint64_t>(10 + i));
    std::ofstream(truth_root.path() / id / "truth.json") << t.dump();
    if (i == 1) std::ofstream(pred_root.path() / id / "dossier.json") << predict(t).dump();
  }
  std::ofstream(pred_root.path() / "run.json") << R"({"pages": 4, "seconds": 6})";
  const auto r = score::score_paths(truth_root.path(), pred_root.path());
  CHECK(r.dossiers == 2);
  CHECK(r.documents_missing == static_cast<int>(truth_for(12)["documents"].size()));
  REQUIRE(r.seconds);
  CHECK(r.to_json()["pages_per_minute"].get<double>() == Approx(r.pages * 10.0));
  CHECK_THROWS_WITH(score::score_paths(truth_root.path() / "nope", pred_root.path()), Catch::Contains("no truth at"));
  std::ofstream(pred_root.path() / "d0001" / "dossier.json") << "{ not json";
  CHECK_THROWS_WITH(score::score_paths(truth_root.path(), pred_root.path()), Catch::Contains("is not valid JSON"));
}

TEST_CASE("documents are matched to the truth as a whole dossier, not greedily in truth order", "[score]") {
  // two owners; the first owner's card was not found and the prediction holds only the second's,
  // listed after a stand-in for the first that carries only the number
  std::uint64_t seed = 1;
  while (synth::dossier_spec("d0001", seed, false).people.size() < 2) ++seed;
  const Json truth = truth_for(seed);
  Json pred = predict(truth);
  Json stand_in = pred["documents"][1];
  for (auto it = stand_in["fields"].begin(); it != stand_in["fields"].end(); ++it)
    if (it.key() != "id_number") (*it)["value"] = nullptr, (*it)["review"] = true;
  pred["documents"][1] = stand_in;
  const auto r = score::score_dossier(truth, pred);
  // the second card scores as right: it was not handed to the first owner
  CHECK(r.documents_all_right == 2);  // certificate and second card
  CHECK(r.fields.wrong_unflagged == 0);
}

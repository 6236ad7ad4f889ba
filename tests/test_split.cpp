// Separator sheets and batch splitting: one fed batch, as a duplex scanner makes it, split back
// into its dossiers.
#include <catch2/catch.hpp>
#include <algorithm>
#include <fstream>

#include <opencv2/imgproc.hpp>

#include "capture/decode.hpp"
#include "capture/separator.hpp"
#include "extract/split.hpp"
#include "ocr/engine.hpp"
#include "station/feed.hpp"
#include "tests/patch_fixture.hpp"
#include "tests/pdf_fixture.hpp"
#include "tests/synth_fixture.hpp"

using namespace sohoa;
using namespace sohoa::testing;
namespace fs = std::filesystem;

namespace {

// The back of a single-sided sheet in a duplex scan: paper with scanner noise and a few specks.
cv::Mat blank_back(int seed) {
  cv::Mat m(3508, 2480, CV_8UC1);
  cv::RNG rng(static_cast<std::uint64_t>(seed));
  rng.fill(m, cv::RNG::NORMAL, 236, 3);
  for (int i = 0; i < 6; ++i) cv::circle(m, {rng.uniform(100, 2380), rng.uniform(100, 3400)}, 2, cv::Scalar(90), cv::FILLED);
  return m;
}

double difference(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat x, y;
  cv::resize(a.channels() == 3 ? a : a, x, {200, 200}, 0, 0, cv::INTER_AREA);
  cv::resize(b, y, {200, 200}, 0, 0, cv::INTER_AREA);
  if (x.channels() == 3) cv::cvtColor(x, x, cv::COLOR_BGR2GRAY);
  if (y.channels() == 3) cv::cvtColor(y, y, cv::COLOR_BGR2GRAY);
  cv::Mat d;
  cv::absdiff(x, y, d);
  return cv::mean(d)[0];
}

const capture::InputLimits& limits() { return capture::default_profile().limits; }

// The splitter's settings from the default scanner profile.
extract::SplitOptions split_options(ocr::EnginePool* engines) {
  return station::split_options(capture::load_scanner_profile("default"), engines);
}

}  // namespace

TEST_CASE("Separator payloads carry the dossier number and nothing else is taken for one", "[split]") {
  CHECK(capture::separator_payload("HS-2025-0001") == "SOHOA-SEP/1 HS-2025-0001");
  CHECK(capture::parse_separator("SOHOA-SEP/1 HS-2025-0001")->dossier == "HS-2025-0001");
  CHECK_FALSE(capture::parse_separator("SOHOA-SEP/1")->dossier);
  CHECK_FALSE(capture::parse_separator("SOHOA-SEP/10 X"));
  CHECK_FALSE(capture::parse_separator("036059604202||Đặng Minh Thịnh"));  // a card's QR code
  CHECK_THROWS_WITH(capture::separator_payload("HS 1/2"), Catch::Contains("only letters"));
  CHECK_THROWS_WITH(capture::separator_payload(std::string(41, '1')), Catch::Contains("1 to 40"));
}

TEST_CASE("A 30-page fed PDF with separator sheets and blank backs becomes its six dossiers", "[split]") {
  TempDir dir;
  synth::SynthOptions o;
  o.out = dir.path() / "synth", o.dossiers = 6, o.seed = 3, o.threads = 2;
  synth::synthesize(o, [](const synth::DossierWritten&) {});

  // the separator sheets as printed by the station, then scanned (rendered at 300 dpi)
  std::vector<std::string> numbers;
  for (int d = 1; d <= 6; ++d) numbers.push_back("HS-2025-00" + std::to_string(40 + d));
  capture::write_separator_pdf(numbers, dir.path() / "separators.pdf");
  const capture::ScanFile seps(dir.path() / "separators.pdf", limits());
  REQUIRE(seps.pages() == 6);

  // the dossiers' pages and how many blank backs make the batch 30 pages
  std::vector<std::vector<capture::ScanPage>> dossiers;
  int content = 0;
  for (int d = 1; d <= 6; ++d) {
    char id[8];
    std::snprintf(id, sizeof id, "d%04d", d);
    dossiers.emplace_back();
    for (const auto& f : capture::scan_files({(o.out / id).string()})) {
      const capture::ScanFile s(f, limits());
      dossiers.back().push_back(s.read(0));
      ++content;
    }
  }
  int blanks = 30 - 6 - content;
  REQUIRE(blanks >= 3);

  // the batch: each separator with its blank back (while there are), then the dossier's pages, some with blank backs
  std::vector<PdfPageImage> batch;
  std::vector<std::vector<int>> expected(6);  // batch indices of each dossier's pages
  std::vector<int> expected_blank;
  for (int d = 0; d < 6; ++d) {
    batch.push_back({seps.read(d).image, 300, 90});
    if (blanks > 0) batch.push_back({blank_back(d), 300, 90}), expected_blank.push_back(static_cast<int>(batch.size()) - 1), --blanks;
    for (const auto& p : dossiers[static_cast<std::size_t>(d)]) {
      batch.push_back({p.image, p.dpi.value_or(300), 90});
      expected[static_cast<std::size_t>(d)].push_back(static_cast<int>(batch.size()) - 1);
      if (blanks > 0 && p.image.cols < 3000 && p.image.rows > p.image.cols) {  // a certificate page's blank back
        batch.push_back({blank_back(100 + static_cast<int>(batch.size())), 300, 90});
        expected_blank.push_back(static_cast<int>(batch.size()) - 1), --blanks;
      }
    }
  }
  while (blanks-- > 0) batch.push_back({blank_back(200 + blanks), 300, 90}), expected_blank.push_back(static_cast<int>(batch.size()) - 1);
  REQUIRE(batch.size() == 30);
  write_image_pdf(dir.path() / "batch.pdf", batch);

  const auto r = station::split_feed({dir.path() / "batch.pdf"}, dir.path() / "out", split_options(nullptr));
  CHECK(r.errors.empty());
  CHECK(r.report["pages"] == 30);
  CHECK(r.report["separator_pages"].size() == 6);
  std::vector<int> blank_got;
  for (const auto& b : r.report["blank_pages"]) blank_got.push_back(b.get<int>() - 1);
  CHECK(blank_got == expected_blank);
  REQUIRE(r.dossiers.size() == 6);
  for (std::size_t d = 0; d < 6; ++d) {
    INFO("dossier " << d + 1);
    CHECK(r.dossiers[d].folder == numbers[d]);
    const Json& rep = r.report["dossiers"][d];
    std::vector<int> got;
    for (const auto& p : rep["pages"]) got.push_back(p["batch_page"].get<int>() - 1);
    CHECK(got == expected[d]);
    // the written page images are the dossier's pages, in order
    REQUIRE(r.dossiers[d].pages.size() == dossiers[d].size());
    for (std::size_t k = 0; k < dossiers[d].size(); ++k) {
      const capture::ScanFile written(r.dossiers[d].pages[k], limits());
      const auto page = written.read(0);
      CHECK(difference(page.image, dossiers[d][k].image) < 6);
      REQUIRE(page.dpi);
      CHECK(*page.dpi == Approx(dossiers[d][k].dpi.value_or(300)).margin(1.5));
    }
  }
}

TEST_CASE("Without separator sheets a fed batch is split where each certificate begins", "[split]") {
  TempDir dir;
  synth::SynthOptions o;
  o.out = dir.path() / "synth", o.dossiers = 3, o.seed = 11, o.threads = 2;
  synth::synthesize(o, [](const synth::DossierWritten&) {});
  // fed as an operator feeds a dossier: the certificate's first page, its other pages, the cards
  // (the kinds on each scan from the generator's truth)
  std::vector<PdfPageImage> batch;
  std::vector<std::vector<int>> expected(3);
  for (int d = 1; d <= 3; ++d) {
    char id[8];
    std::snprintf(id, sizeof id, "d%04d", d);
    const Json truth = Json::parse(std::ifstream(o.out / id / "truth.json"));
    auto rank = [&](const std::string& source) {
      int r = 2;
      for (const auto& p : truth["pages"])
        if (p["source"] == source) {
          const std::string kind = p["kind"];
          if (extract::starts_certificate(kind)) r = std::min(r, 0);
          else if (kind.rfind("gcn", 0) == 0) r = std::min(r, 1);
        }
      return r;
    };
    auto files = capture::scan_files({(o.out / id).string()});
    std::stable_sort(files.begin(), files.end(), [&](const fs::path& a, const fs::path& b) {
      return rank(a.filename().string()) < rank(b.filename().string());
    });
    REQUIRE(rank(files.front().filename().string()) == 0);
    for (const auto& f : files) {
      const auto page = capture::ScanFile(f, limits()).read(0);
      batch.push_back({page.image, page.dpi.value_or(300), 90});
      expected[static_cast<std::size_t>(d - 1)].push_back(static_cast<int>(batch.size()) - 1);
    }
  }
  write_image_pdf(dir.path() / "batch.pdf", batch);
  ocr::EnginePool engines(1);
  const auto r = station::split_feed({dir.path() / "batch.pdf"}, dir.path() / "out", split_options(&engines));
  CHECK(r.errors.empty());
  CHECK(r.report["separator_pages"].empty());
  REQUIRE(r.dossiers.size() == 3);
  for (std::size_t d = 0; d < 3; ++d) {
    INFO("dossier " << d + 1);
    std::vector<int> got;
    for (const auto& p : r.report["dossiers"][d]["pages"]) got.push_back(p["batch_page"].get<int>() - 1);
    CHECK(got == expected[d]);
  }
}

TEST_CASE("A fed batch whose separator sheets carry only a patch code is split at each of them", "[split]") {
  TempDir dir;
  synth::SynthOptions o;
  o.out = dir.path() / "synth", o.dossiers = 3, o.seed = 5, o.threads = 2;
  synth::synthesize(o, [](const synth::DossierWritten&) {});

  // an office's own patch sheets before each dossier: Patch T, Patch 2 fed upside down and scanned
  // at 200 dpi, Patch T the same, each with its blank back
  struct Sheet {
    capture::PatchType type;
    int quarter_turns;
    double dpi;
  };
  const Sheet sheets[] = {{capture::PatchType::PatchT, 0, 300}, {capture::PatchType::Patch2, 2, 200}, {capture::PatchType::PatchT, 2, 200}};
  std::vector<PdfPageImage> batch;
  std::vector<int> expected_separators, expected_blank;
  std::vector<std::vector<int>> expected(3);
  for (int d = 0; d < 3; ++d) {
    const Sheet& s = sheets[d];
    const Zones& z = *std::find_if(std::begin(kZones), std::end(kZones), [&](const Zones& k) { return k.type == s.type; });
    expected_separators.push_back(static_cast<int>(batch.size()));
    batch.push_back({scanned(patch_sheet(z, s.dpi), s.quarter_turns, 0.7, static_cast<std::uint64_t>(d + 1)), s.dpi, 90});
    expected_blank.push_back(static_cast<int>(batch.size()));
    batch.push_back({blank_back(d), 300, 90});
    char id[8];
    std::snprintf(id, sizeof id, "d%04d", d + 1);
    for (const auto& f : capture::scan_files({(o.out / id).string()})) {
      const auto page = capture::ScanFile(f, limits()).read(0);
      expected[static_cast<std::size_t>(d)].push_back(static_cast<int>(batch.size()));
      batch.push_back({page.image, page.dpi.value_or(300), 90});
    }
  }
  write_image_pdf(dir.path() / "batch.pdf", batch);
  auto batch_pages = [](const Json& list) {
    std::vector<int> v;
    for (const auto& p : list) v.push_back((p.is_object() ? p["batch_page"].get<int>() : p.get<int>()) - 1);
    return v;
  };

  const auto r = station::split_feed({dir.path() / "batch.pdf"}, dir.path() / "out", split_options(nullptr));
  CHECK(r.errors.empty());
  CHECK(r.report["by_separators"] == true);
  CHECK(batch_pages(r.report["separator_pages"]) == expected_separators);
  CHECK(batch_pages(r.report["blank_pages"]) == expected_blank);
  REQUIRE(r.dossiers.size() == 3);
  for (std::size_t d = 0; d < 3; ++d) {
    INFO("dossier " << d + 1);
    CHECK(r.dossiers[d].folder == "b00" + std::to_string(d + 1));  // a patch carries no number
    CHECK(r.report["dossiers"][d]["number"].is_null());
    CHECK(batch_pages(r.report["dossiers"][d]["pages"]) == expected[d]);
  }

  // a profile where only Patch T separates: the Patch 2 sheet stays in the dossier it lies in
  auto only_t = split_options(nullptr);
  only_t.separator_patches = {capture::PatchType::PatchT};
  const auto t = station::split_feed({dir.path() / "batch.pdf"}, dir.path() / "out-t", only_t);
  REQUIRE(t.dossiers.size() == 2);
  std::vector<int> first = expected[0];
  first.push_back(expected_separators[1]);
  first.insert(first.end(), expected[1].begin(), expected[1].end());
  CHECK(batch_pages(t.report["dossiers"][0]["pages"]) == first);
  CHECK(batch_pages(t.report["dossiers"][1]["pages"]) == expected[2]);
}

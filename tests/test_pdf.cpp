// PDF input: scan-to-PDF files of several pages become pages at the resolution of their images;
// damaged, encrypted and empty PDFs are refused with a reason.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "capture/decode.hpp"
#include "tests/pdf_fixture.hpp"
#include "tests/synth_fixture.hpp"

using namespace sohoa;
using namespace sohoa::testing;
namespace fs = std::filesystem;

namespace {

const capture::InputLimits& limits() { return capture::default_profile().limits; }

// A page with print on it: text-like bars and a frame, different on every page.
cv::Mat page_image(int w, int h, int seed, bool colour) {
  cv::Mat m(h, w, CV_8UC3, cv::Scalar(245, 243, 240));
  cv::RNG rng(static_cast<std::uint64_t>(seed));
  cv::rectangle(m, {w / 20, h / 20}, {w - w / 20, h - h / 20}, {30, 30, 160}, 3);
  for (int i = 0; i < 30; ++i) {
    const int x = rng.uniform(w / 10, w / 2), y = rng.uniform(h / 10, h - h / 10);
    cv::rectangle(m, {x, y}, {x + rng.uniform(20, w / 3), y + 6}, {20, 20, 20}, cv::FILLED);
  }
  if (!colour) cv::cvtColor(m, m, cv::COLOR_BGR2GRAY);
  return m;
}

std::string error_of(const fs::path& p) {
  try {
    capture::ScanFile f(p, limits());
    for (int i = 0; i < f.pages(); ++i) f.read(i);
  } catch (const capture::DecodeError& e) {
    return e.what();
  }
  return "";
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("A multi-page scanner PDF becomes its pages at the resolution of their images", "[pdf]") {
  TempDir dir;
  const std::vector<PdfPageImage> pages = {
      {page_image(1654, 2339, 1, true), 200},   // A4 at 200 dpi, colour
      {page_image(2480, 3508, 2, false), 300},  // A4 at 300 dpi, grey
      {page_image(1352, 856, 3, true), 400},    // a card at 400 dpi
  };
  write_image_pdf(dir.path() / "batch.pdf", pages);
  const capture::ScanFile f(dir.path() / "batch.pdf", limits());
  CHECK(f.format() == capture::ImageFormat::Pdf);
  REQUIRE(f.pages() == 3);
  for (int i = 0; i < 3; ++i) {
    const auto& want = pages[static_cast<std::size_t>(i)];
    const capture::ScanPage got = f.read(i);
    INFO("page " << i + 1);
    REQUIRE(got.dpi);
    CHECK(*got.dpi == Approx(want.dpi).margin(1));
    CHECK(std::abs(got.image.cols - want.image.cols) <= 2);
    CHECK(std::abs(got.image.rows - want.image.rows) <= 2);
    CHECK(got.image.channels() == want.image.channels());
    // the same pixels (within rendering's resampling)
    cv::Mat g, w;
    cv::resize(got.image, g, {400, 400}, 0, 0, cv::INTER_AREA);
    cv::resize(want.image, w, {400, 400}, 0, 0, cv::INTER_AREA);
    cv::Mat diff;
    cv::absdiff(g, w, diff);
    const cv::Scalar m = cv::mean(diff);
    INFO("mean difference " << m);
    CHECK(std::max({m[0], m[1], m[2]}) < 4);
  }
}

TEST_CASE("A PDF whose resolution cannot be told is rendered at 300 dpi", "[pdf]") {
  TempDir dir;
  // a page of vector print only (no image), 2 × 1 inch: rendered at 300 dpi
  const std::string vector_pdf =
      "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
      "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 144 72]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
  std::ofstream(dir.path() / "v.pdf", std::ios::binary) << vector_pdf;
  const capture::ScanFile v(dir.path() / "v.pdf", limits());
  const auto page = v.read(0);
  CHECK(page.image.cols == 600);
  CHECK(page.image.rows == 300);
  REQUIRE(page.dpi);
  CHECK(*page.dpi == 300);
}

TEST_CASE("Truncated encrypted and empty PDFs are refused with the reason", "[pdf]") {
  TempDir dir;
  write_image_pdf(dir.path() / "whole.pdf", {{page_image(800, 1000, 5, true), 100}, {page_image(800, 1000, 6, true), 100}});
  const std::string whole = read_all(dir.path() / "whole.pdf");
  std::ofstream(dir.path() / "cut.pdf", std::ios::binary) << whole.substr(0, whole.size() / 2);
  CHECK_THAT(error_of(dir.path() / "cut.pdf"), Catch::Contains("truncated PDF"));

  write_image_pdf(dir.path() / "locked.pdf", {{page_image(800, 1000, 7, true), 100}}, "1234");
  CHECK_THAT(error_of(dir.path() / "locked.pdf"), Catch::Contains("password"));

  std::ofstream(dir.path() / "none.pdf", std::ios::binary)
      << "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
         "trailer<</Root 1 0 R>>\n%%EOF\n";
  CHECK_THAT(error_of(dir.path() / "none.pdf"), Catch::Contains("no pages"));

  std::ofstream(dir.path() / "junk.pdf", std::ios::binary) << "%PDF-1.4\nthis is not a document\n%%EOF\n";
  CHECK_THAT(error_of(dir.path() / "junk.pdf"), Catch::Contains("PDF"));
  CHECK(error_of(dir.path() / "junk.pdf") != "");

  // a page too large for the pixel limit at its resolution is refused before it is rendered
  capture::InputLimits small = limits();
  small.max_megapixels = 0.5;
  try {
    capture::ScanFile f(dir.path() / "whole.pdf", small);
    FAIL("a page over the limit was accepted");
  } catch (const capture::DecodeError& e) {
    CHECK_THAT(std::string(e.what()), Catch::Contains("megapixels"));
  }
}

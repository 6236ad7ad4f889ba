// Fairness of the generated test data: Tesseract, an independent reader, finds each field's
// printed text inside the box the geometry names, after only undoing the known placement.
#include <tesseract/baseapi.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/text.hpp"
#include "tests/synth_fixture.hpp"

using namespace sohoa;
using namespace sohoa::testing;

namespace {

// Edit distance of `needle` against its best-matching stretch of `hay` (free start and end in hay).
std::size_t distance_within(const std::vector<char32_t>& needle, const std::vector<char32_t>& hay) {
  std::vector<std::size_t> prev(hay.size() + 1, 0), cur(hay.size() + 1);
  for (std::size_t i = 1; i <= needle.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= hay.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (needle[i - 1] == hay[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return *std::min_element(prev.begin(), prev.end());
}

// The field's box, padded and turned upright, from the scan.
cv::Mat upright_crop(const cv::Mat& scan, const Json& quad) {
  cv::Point2d p[4];
  for (int i = 0; i < 4; ++i) p[i] = {quad[i][0].get<double>(), quad[i][1].get<double>()};
  const double w = cv::norm(p[1] - p[0]), h = cv::norm(p[3] - p[0]);
  const cv::Point2d u = (p[1] - p[0]) / w, v = (p[3] - p[0]) / h;
  const double px = 0.6 * h, py = 0.3 * h, scale = std::clamp(48.0 / h, 1.0, 3.0);
  const cv::Point2f src[] = {p[0] - u * px - v * py, p[1] + u * px - v * py, p[2] + u * px + v * py, p[3] - u * px + v * py};
  const float ow = static_cast<float>((w + 2 * px) * scale), oh = static_cast<float>((h + 2 * py) * scale);
  const cv::Point2f dst[] = {{0, 0}, {ow, 0}, {ow, oh}, {0, oh}};
  cv::Mat out;
  cv::warpPerspective(scan, out, cv::getPerspectiveTransform(src, dst), cv::Size(static_cast<int>(ow), static_cast<int>(oh)),
                      cv::INTER_CUBIC, cv::BORDER_REPLICATE);
  return out;
}

}  // namespace

TEST_CASE("every printed truth field is legible where the geometry says it is", "[synth][ocr]") {
  auto api = std::make_unique<tesseract::TessBaseAPI>();
  REQUIRE(api->Init(nullptr, "vie") == 0);
  api->SetPageSegMode(tesseract::PSM_SINGLE_BLOCK);
  int fields = 0, legible = 0;
  for (std::uint64_t seed : {seed_with("2014", "cccd_2021"), seed_with("2024", "cancuoc_2024")}) {
    TempDir dir;
    synth::synthesize_dossier("d0001", seed, false, dir.path());
    const Json geometry = read_json_file(dir.path() / "geometry.json");
    for (const auto& scan : geometry["scans"]) {
      const cv::Mat image = cv::imread((dir.path() / scan["source"].get<std::string>()).string(), cv::IMREAD_GRAYSCALE);
      for (const auto& doc : scan["documents"])
        for (const auto& [path, f] : doc["fields"].items()) {
          const cv::Mat crop = upright_crop(image, f["quad"]);
          api->SetImage(crop.data, crop.cols, crop.rows, 1, static_cast<int>(crop.step));
          api->SetSourceResolution(300);
          std::unique_ptr<char[]> text(api->GetUTF8Text());
          const std::string read = nfc(collapse_spaces(text ? text.get() : ""));
          const auto printed = code_points(f["printed"].get<std::string>());
          const double cer = static_cast<double>(distance_within(printed, code_points(read))) / static_cast<double>(printed.size());
          ++fields;
          if (cer <= 0.2) ++legible;
          else WARN(scan["source"].get<std::string>() << " " << doc["kind"].get<std::string>() << " " << path << ": printed '"
                    << f["printed"].get<std::string>() << "', read '" << read << "' (CER " << cer << ")");
        }
    }
  }
  INFO(legible << " of " << fields << " fields read with a character error rate of 20% or less");
  CHECK(fields > 40);
  CHECK(legible >= fields * 9 / 10);
}

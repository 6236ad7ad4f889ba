#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <opencv2/imgcodecs.hpp>

#include "capture/prepare.hpp"
#include "core/field.hpp"
#include "station/args.hpp"
#include "station/commands.hpp"

namespace sohoa::station {
namespace {

namespace fs = std::filesystem;

// The files of the given paths: files as given, folders' regular files in name order.
std::vector<fs::path> input_files(const std::vector<std::string>& paths) {
  std::vector<fs::path> files;
  for (const auto& p : paths) {
    if (fs::is_directory(p)) {
      std::vector<fs::path> in_dir;
      for (const auto& e : fs::directory_iterator(p))
        if (e.is_regular_file() && e.path().extension() != ".json") in_dir.push_back(e.path());
      std::sort(in_dir.begin(), in_dir.end());
      files.insert(files.end(), in_dir.begin(), in_dir.end());
    } else {
      files.emplace_back(p);
    }
  }
  return files;
}

Json corners_json(const capture::Corners& c) {
  Json out = Json::array();
  for (const auto& p : c) out.push_back({std::round(p.x * 10) / 10, std::round(p.y * 10) / 10});
  return out;
}

double round2(double v) { return std::round(v * 100) / 100; }

}  // namespace

int cmd_prepare(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::cout << "usage: sohoa prepare PATH... --out DIR [--profile FILE]\n"
                 "Finds every document on each scan (files, or the files of folders), cuts it out upright,\n"
                 "cleans it for OCR and judges its quality. Writes DIR/pages.json, each document's colour\n"
                 "image (.jpg) and OCR image (-ocr.png), and prints one line per document.\n";
    return 0;
  }
  const Args args(argv, {"out", "profile"}, {});
  if (args.positional().empty()) throw UsageError("needs at least one scan file or folder");
  const fs::path out = args.require("out");
  const capture::PrepareProfile profile =
      args.get("profile") ? capture::load_profile(*args.get("profile")) : capture::default_profile();
  fs::create_directories(out);

  Json pages = Json::array(), errors = Json::array();
  int failed = 0;
  for (const auto& file : input_files(args.positional())) {
    const std::string source = file.filename().string();
    try {
      const capture::ScanFile scan(file, profile.limits);
      for (int p = 0; p < scan.pages(); ++p) {
        const auto docs = capture::prepare_page(scan.read(p), source, profile);
        for (const auto& d : docs) {
          const std::string stem = file.stem().string() + (scan.pages() > 1 ? "-p" + std::to_string(p + 1) : "") + "-d" + std::to_string(d.index + 1);
          if (!cv::imwrite((out / (stem + ".jpg")).string(), d.colour, {cv::IMWRITE_JPEG_QUALITY, 92}) ||
              !cv::imwrite((out / (stem + "-ocr.png")).string(), d.clean))
            throw std::runtime_error("cannot write the prepared images into " + out.string());
          Json quality = Json::array();
          std::string verdict;
          for (const auto& q : d.quality) {
            quality.push_back({{"code", q.code}, {"message_vi", q.message_vi}, {"message_en", q.message_en}});
            verdict += (verdict.empty() ? "" : "; ") + q.message_vi;
          }
          pages.push_back({{"source", source}, {"page", p}, {"document", d.index}, {"shape", d.shape},
                           {"region", d.region}, {"corners", corners_json(d.corners)}, {"rotation", d.rotation},
                           {"skew", round2(d.skew)}, {"dpi", std::round(d.dpi)}, {"dpi_from", d.dpi_from},
                           {"quality", quality},
                           {"measures", {{"sharpness", round2(d.measures.sharpness)}, {"paper", d.measures.paper},
                                         {"ink", d.measures.ink}, {"ink_share", std::round(d.measures.ink_share * 10000) / 10000},
                                         {"glare_share", round2(d.measures.glare_share)}, {"up_down_confidence", round2(d.up_down_confidence)}}},
                           {"image", stem + ".jpg"}, {"ocr_image", stem + "-ocr.png"}});
          std::printf("%s%s: %s %d of %zu, turned %d°, skew %+.2f°, %.0f dpi (%s): %s\n", source.c_str(),
                      scan.pages() > 1 ? (" page " + std::to_string(p + 1)).c_str() : "", d.shape.c_str(), d.index + 1, docs.size(),
                      d.rotation, d.skew, d.dpi, d.dpi_from.c_str(), verdict.empty() ? "tốt / good" : verdict.c_str());
        }
      }
    } catch (const capture::DecodeError& e) {
      ++failed;
      errors.push_back({{"source", source}, {"message", e.what()}});
      std::fprintf(stderr, "sohoa prepare: %s: %s\n", file.string().c_str(), e.what());
    }
    std::fflush(stdout);
  }
  std::ofstream json(out / "pages.json");
  json << Json{{"schema", "sohoa.pages/1"}, {"profile", profile.name}, {"pages", pages}, {"errors", errors}}.dump(2) << "\n";
  if (!json) throw std::runtime_error("cannot write " + (out / "pages.json").string());
  return failed ? 1 : 0;
}

}  // namespace sohoa::station

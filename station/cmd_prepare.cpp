#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <opencv2/imgcodecs.hpp>

#include "capture/describe.hpp"
#include "capture/prepare.hpp"
#include "core/field.hpp"
#include "station/args.hpp"
#include "station/commands.hpp"

namespace sohoa::station {
namespace fs = std::filesystem;

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
  for (const auto& file : capture::scan_files(args.positional())) {
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
          Json page = capture::describe(d);
          page["image"] = stem + ".jpg";
          page["ocr_image"] = stem + "-ocr.png";
          pages.push_back(page);
          std::printf("%s%s: %s %d of %zu, turned %d°, skew %+.2f°, %.0f dpi (%s): %s\n", source.c_str(),
                      scan.pages() > 1 ? (" page " + std::to_string(p + 1)).c_str() : "", d.shape.c_str(), d.index + 1, docs.size(),
                      d.rotation, d.skew, d.dpi, d.dpi_from.c_str(), capture::verdict_line(d).c_str());
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

#include <cstdio>
#include <iostream>

#include "capture/decode.hpp"
#include "capture/scan_settings.hpp"
#include "capture/separator.hpp"
#include "station/args.hpp"
#include "station/commands.hpp"
#include "station/feed.hpp"

namespace sohoa::station {

int cmd_separator(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::cout << "usage: sohoa separator --out FILE.pdf [--dossier NUMBER] [--count N]\n"
                 "Writes separator sheets (A4 PDF) to print and put on top of each dossier of a fed batch:\n"
                 "a QR code (SOHOA-SEP/1 NUMBER), the number in large print, an instruction line, and a\n"
                 "Kodak Patch T along the top and bottom edges (for scanners that split on patch codes).\n"
                 "Without --dossier, sheets carry no number (dossiers are then named b001, b002, … by order).\n"
                 "--count N: N sheets (numbered NUMBER-1 … NUMBER-N when --dossier is given with --count).\n";
    return 0;
  }
  const Args args(argv, {"out", "dossier", "count"}, {});
  if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "'");
  const std::string out = args.require("out");
  const std::string number = args.get("dossier").value_or("");
  const auto count = args.integer("count", 1, 1, 1000);
  std::vector<std::string> numbers;
  for (std::int64_t i = 1; i <= count; ++i) numbers.push_back(number.empty() || !args.get("count") ? number : number + "-" + std::to_string(i));
  try {
    for (const auto& n : numbers)
      if (!n.empty()) capture::check_dossier_number(n);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--dossier: ") + e.what());
  }
  capture::write_separator_pdf(numbers, out);
  std::printf("wrote %zu separator sheet(s) to %s\n", numbers.size(), out.c_str());
  return 0;
}

int cmd_split(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::cout << "usage: sohoa split FEED... --out DIR [--profile NAME|FILE] [--workers N]\n"
                 "Splits a fed batch (PDFs, multi-page TIFFs, images or folders of them, in order) into\n"
                 "dossiers: a separator sheet (sohoa separator) starts a new dossier, named by its number,\n"
                 "as does a sheet with a patch code of the profile's scan.separator_patches (Patch T, 2);\n"
                 "blank pages (the profile's scan.blank_page_ink_max) are dropped and counted; a batch with\n"
                 "no separator sheet is split where a certificate's first page begins (read by OCR).\n"
                 "Writes DIR/<dossier>/p01.jpg … and DIR/split.json. `sohoa ingest --feed` also reads them.\n";
    return 0;
  }
  const Args args(argv, {"out", "profile", "workers"}, {});
  if (args.positional().empty()) throw UsageError("needs the batch: PDF or scan files, or folders");
  const auto profile = capture::load_scanner_profile(args.get("profile").value_or("default"));
  ocr::EnginePool engines(static_cast<int>(args.integer("workers", 1, 1, 64)));
  const auto r = split_feed(capture::scan_files(args.positional()), args.require("out"), split_options(profile, &engines));
  for (const auto& e : r.errors) std::fprintf(stderr, "sohoa split: %s\n", e.c_str());
  for (const auto& d : r.report.value("dossiers", Json::array()))
    std::printf("%s: %zu pages (%s)\n", d["folder"].get<std::string>().c_str(), d["pages"].size(), d["started_by"].get<std::string>().c_str());
  if (!r.report.is_null())
    std::printf("%d pages: %zu separator sheets, %zu blank pages dropped, %zu dossiers\n", r.report["pages"].get<int>(),
                r.report["separator_pages"].size(), r.report["blank_pages"].size(), r.dossiers.size());
  return r.errors.empty() ? 0 : 1;
}

}  // namespace sohoa::station

#include <cstdio>
#include <iostream>

#include <opencv2/imgproc.hpp>

#include "capture/decode.hpp"
#include "capture/prepare.hpp"
#include "extract/read_document.hpp"
#include "station/args.hpp"
#include "station/commands.hpp"

namespace sohoa::station {

// A diagnostic view of what the station reads on a scan: each document's form, its OCR lines,
// QR payload and MRZ, and the raw reading of every field. Prints to the terminal only.
int cmd_read(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::cout << "usage: sohoa read FILE... [--profile FILE] [--lines]\n"
                 "Shows, for each document on each scan, the form recognised and every field as read (raw\n"
                 "text, value, confidence). For looking into a misread; it prints personal data to the terminal.\n";
    return 0;
  }
  const Args args(argv, {"profile"}, {"lines"});
  const auto profile = args.get("profile") ? capture::load_profile(*args.get("profile")) : capture::default_profile();
  ocr::EnginePool engines(1);
  for (const auto& file : capture::scan_files(args.positional())) {
    const capture::ScanFile scan(file, profile.limits);
    for (int p = 0; p < scan.pages(); ++p)
      for (const auto& d : capture::prepare_page(scan.read(p), file.filename().string(), profile)) {
        const auto r = extract::read_document(d, engines, 2026);
        std::printf("== %s page %d document %d: %s (score %.2f, turned %d)\n", d.source.c_str(), p, d.index + 1,
                    r.kind.empty() ? "unknown" : r.kind.c_str(), r.kind_score, r.turned);
        if (args.flag("lines"))
          for (const auto& l : r.lines) std::printf("  | %.2f %s\n", l.confidence, l.text.c_str());
        for (const auto& [path, f] : r.form.fields)
          std::printf("  %-28s %-5s %.3f raw=\"%s\" value=%s\n", path.c_str(), f.valid ? "ok" : "BAD", f.confidence, f.raw.c_str(),
                      f.value.dump().c_str());
        if (args.flag("lines"))
          for (const auto& l : r.mrz_lines) std::printf("  MRZ zone | %s\n", l.c_str());
        if (r.qr) std::printf("  QR: %s\n", r.qr->c_str());
        if (r.mrz)
          std::printf("  MRZ (%s):\n    %s\n    %s\n    %s\n", r.mrz->all_ok() ? "checks ok" : "CHECK FAILED", r.mrz->lines[0].c_str(),
                      r.mrz->lines[1].c_str(), r.mrz->lines[2].c_str());
      }
  }
  return 0;
}

}  // namespace sohoa::station

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "capture/page_file.hpp"
#include "capture/sane_scan.hpp"
#include "station/args.hpp"
#include "station/commands.hpp"

namespace sohoa::station {
namespace fs = std::filesystem;
namespace {

std::atomic<bool> g_cancel{false};

void print_message(const capture::OperatorMessage& m) {
  std::printf("[%s] %s\n        %s\n", m.code.c_str(), m.vi.c_str(), m.en.c_str());
}

}  // namespace

int cmd_scan(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::cout << "usage: sohoa scan --profile NAME|FILE [--device NAME] [--out DIR]\n"
                 "       sohoa scan --list\n"
                 "Scans through SANE with a scanner profile (scanner_profiles/: source flatbed / ADF / ADF duplex,\n"
                 "mode, dpi, page size, options): one page from a flatbed, every page until the feeder is empty\n"
                 "from a feeder. Pages are written as DIR/page-0001.jpg … (resolution in the file) while the next\n"
                 "is scanned. A jam, an open cover or a busy scanner stops the batch with a message (Vietnamese and\n"
                 "English) and keeps the pages already scanned (exit 1). Ctrl-C stops cleanly the same way, and so\n"
                 "does a scanner that does not answer within the profile's scan.response_limit_s (60 s).\n"
                 "Without --device, the first scanner SANE lists. --list lists the scanners and the built-in profiles.\n"
                 "SANE reads its configuration from SANE_CONFIG_DIR when set (e.g. its `test` backend).\n";
    return 0;
  }
  const Args args(argv, {"profile", "device", "out"}, {"list"});
  if (!args.positional().empty()) throw UsageError("unexpected argument '" + args.positional()[0] + "'");
  if (args.flag("list")) {
    capture::SaneSession session;
    for (const auto& d : session.devices()) std::printf("%s\t%s %s (%s)\n", d.name.c_str(), d.vendor.c_str(), d.model.c_str(), d.type.c_str());
    for (const auto& n : capture::scanner_profile_names()) std::printf("profile %s\n", n.c_str());
    return 0;
  }
  const auto profile = capture::load_scanner_profile(args.require("profile"));
  if (!profile.scan) throw UsageError("profile " + profile.prepare.name + " has no scanner settings (its \"scan\" section)");
  capture::SaneSession session(profile.scan->response_limit());
  std::string device = args.get("device").value_or("");
  if (device.empty()) {
    const auto devices = session.devices();
    if (devices.empty()) {
      print_message(capture::operator_message("no_device", ""));
      return 1;
    }
    device = devices.front().name;
  }
  const fs::path out = args.get("out").value_or(".");
  fs::create_directories(out);
  int next = 1;
  for (const auto& e : fs::directory_iterator(out)) {  // a second batch into the same folder goes on numbering
    const std::string n = e.path().filename().string();
    if (n.size() == 13 && n.starts_with("page-") && n.ends_with(".jpg")) next = std::max(next, std::atoi(n.c_str() + 5) + 1);
  }
  std::signal(SIGINT, [](int) { g_cancel = true; });
  try {
    capture::Scanner scanner(session, device);
    for (const auto& n : scanner.apply(*profile.scan)) std::printf("note: %s\n", n.c_str());
    std::printf("scanning from %s with profile %s (%s, %s, %.0f dpi)\n", device.c_str(), profile.prepare.name.c_str(),
                capture::source_name(profile.scan->source), capture::mode_name(profile.scan->mode), profile.scan->dpi);
    std::fflush(stdout);
    const auto outcome = scanner.scan(
        [&](capture::ScanPage page) {
          char name[32];
          std::snprintf(name, sizeof name, "page-%04d.jpg", next++);
          capture::write_page_jpeg(page, out / name);
          std::printf("%s: %d × %d, %.0f dpi\n", name, page.image.cols, page.image.rows, page.dpi.value_or(0));
          std::fflush(stdout);
        },
        &g_cancel);
    std::printf("%d page(s) scanned (%s)\n", outcome.pages, outcome.end.c_str());
    if (outcome.message) print_message(*outcome.message);
    return outcome.end == "stopped" || outcome.end == "cancelled" ? 1 : 0;
  } catch (const capture::ScanError& e) {
    print_message(e.message);
    return 1;
  }
}

}  // namespace sohoa::station

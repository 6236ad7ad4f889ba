// sohoa serve: the station's HTTP server, its background workers and the browser UI.
#include <cstdio>

#include "station/args.hpp"
#include "station/commands.hpp"
#include "station/server.hpp"

namespace sohoa::station {

namespace {
const char* kUsage =
    "usage: sohoa serve [--data DIR] [--port N] [--listen ADDRESS] [--store CONNECTION] [--web DIR]\n"
    "                   [--station NAME] [--profile FILE] [--watch DIR]\n"
    "Runs the station: the operator's intake screen and the clerk's verification screen at\n"
    "http://127.0.0.1:8080/, the JSON API under /api/ (docs/api.md), and background workers that\n"
    "prepare every new page and read every closed dossier.\n"
    "  --data DIR          scans, images and (by default) the store: sohoa-data\n"
    "  --store CONNECTION  DIR/store.sqlite by default; postgresql:host=… dbname=… user=… password=…\n"
    "                      for a district's shared store\n"
    "  --listen ADDRESS    127.0.0.1 by default: the screens are for this machine\n"
    "  --web DIR           the browser UI's files (the source tree's web/ by default)\n"
    "  --watch DIR         a folder a scanner saves into: each file, once complete, becomes a page of the\n"
    "                      dossier the operator chose on screen, and is moved to DATA/watch-archive\n"
    "Make the first accounts with `sohoa users add`.\n";
}  // namespace

int cmd_serve(const std::vector<std::string>& argv) {
  if (help_requested(argv)) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const Args args(argv, {"data", "port", "listen", "store", "web", "station", "profile", "watch"}, {});
  if (!args.positional().empty()) throw UsageError("takes no file arguments (" + args.positional()[0] + ")");
  ServeOptions o;
  if (auto v = args.get("data")) o.data = *v;
  o.port = static_cast<int>(args.integer("port", 8080, 1, 65535));
  if (auto v = args.get("listen")) o.listen = *v;
  if (auto v = args.get("store")) o.store = *v;
  o.web = args.get("web").value_or(SOHOA_WEB_DIR);
  if (auto v = args.get("station")) o.station = *v;
  if (auto v = args.get("profile")) o.profile = capture::load_profile(*v);
  if (auto v = args.get("watch")) o.watch = *v;
  Station station(o);
  return serve(station);
}

}  // namespace sohoa::station

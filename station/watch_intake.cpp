#include "station/watch_intake.hpp"

#include <cstdio>
#include <fstream>

#include "capture/watch.hpp"
#include "station/http.hpp"
#include "station/intake.hpp"

namespace sohoa::station {

std::optional<WatchTarget> watch_target(Store& store, const std::string& station) {
  const auto v = store.setting("watch_dossier@" + station);
  if (!v || v->empty()) return std::nullopt;
  const auto colon = v->find(':');
  return WatchTarget{std::stoll(v->substr(0, colon)), colon == std::string::npos ? "" : v->substr(colon + 1)};
}

void set_watch_target(Store& store, const std::string& station, const std::optional<WatchTarget>& target, const std::string& user) {
  store.set_setting("watch_dossier@" + station, target ? std::to_string(target->dossier) + ":" + target->user : "", user);
}

WatchIntake::WatchIntake(Station& station) {
  if (station.options().watch.empty()) return;
  capture::WatchOptions o;
  o.dir = station.options().watch;
  o.archive = station.options().data / "watch-archive";
  std::filesystem::create_directories(o.dir);
  thread_ = std::thread([this, o, &station] {
    capture::FolderWatcher watcher(o, [&station](const std::filesystem::path& file) {
      const auto target = watch_target(station.store(), station.options().station);
      // no dossier chosen: the file waits in the folder until the operator chooses one
      if (!target) throw std::runtime_error("no dossier chosen for the watched folder");
      std::ifstream in(file, std::ios::binary);
      const std::string bytes{std::istreambuf_iterator<char>(in), {}};
      try {
        add_scan(station, target->dossier, bytes, file.filename().string(), target->user);
      } catch (const HttpError& e) {
        // a file that can never be a page of it (not a scan, already there, dossier closed) is
        // archived, not retried for ever; the message names no file (names may be personal)
        std::fprintf(stderr, "sohoa serve: a file of the watched folder was not added to dossier %lld: %s\n",
                     static_cast<long long>(target->dossier), e.what());
      }
    });
    watcher.run(stop_);
  });
}

WatchIntake::~WatchIntake() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

}  // namespace sohoa::station

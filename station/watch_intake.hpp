// The watched folder of `sohoa serve --watch DIR`: a scanner that saves files into a folder feeds
// the dossier the operator chose on screen (POST /api/dossiers/{id}/watch). A file is taken once
// it has stopped growing, exactly once (capture/watch.hpp), and archived under DATA/watch-archive.
#pragma once
#include <atomic>
#include <optional>
#include <thread>

#include "station/station.hpp"

namespace sohoa::station {

// The dossier the watched folder feeds, and who chose it.
struct WatchTarget {
  std::int64_t dossier = 0;
  std::string user;
};
std::optional<WatchTarget> watch_target(Store& store, const std::string& station);
void set_watch_target(Store& store, const std::string& station, const std::optional<WatchTarget>& target, const std::string& user);

class WatchIntake {
 public:
  explicit WatchIntake(Station& station);
  ~WatchIntake();
  WatchIntake(const WatchIntake&) = delete;
  WatchIntake& operator=(const WatchIntake&) = delete;

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace sohoa::station

// A watched folder: a scanner (or a network share it saves to) drops scan files into a folder;
// each file is taken once it has stopped growing, handed to a callback exactly once, and moved
// to an archive folder. What was taken is remembered across restarts in a ledger (content
// hashes), so a file written twice is imported once. Polling finds files on network shares,
// where inotify sees nothing; on a local folder inotify wakes the watcher at once.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>

namespace sohoa::capture {

struct WatchOptions {
  std::filesystem::path dir;      // watched
  std::filesystem::path archive;  // taken files are moved here
  std::filesystem::path ledger;   // default: archive/.sohoa-taken
  std::chrono::milliseconds poll{1000};
  std::chrono::milliseconds settle{2000};  // size and time unchanged this long: the file is complete
  bool inotify = true;
};

class FolderWatcher {
 public:
  // on_file(path): imports the file (still in the watched folder). When it throws, the file
  // stays and is tried again on a later pass.
  FolderWatcher(WatchOptions options, std::function<void(const std::filesystem::path&)> on_file);
  ~FolderWatcher();
  FolderWatcher(const FolderWatcher&) = delete;
  FolderWatcher& operator=(const FolderWatcher&) = delete;

  int poll_once();  // one pass over the folder; returns the files imported
  void run(const std::atomic<bool>& stop);  // passes until stop

 private:
  struct Seen {
    std::uintmax_t size = 0;
    std::filesystem::file_time_type time;
    std::chrono::steady_clock::time_point since;
  };
  void take(const std::filesystem::path& file);
  WatchOptions o_;
  std::function<void(const std::filesystem::path&)> on_file_;
  std::map<std::string, Seen> seen_;
  std::set<std::string> taken_;  // content hashes
  int inotify_fd_ = -1;
};

}  // namespace sohoa::capture

#include "capture/watch.hpp"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <thread>

namespace sohoa::capture {
namespace fs = std::filesystem;
namespace {

// FNV-1a 64 of the content with its size: the same scan saved twice is the same key.
std::string content_key(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.filename().string());
  std::uint64_t h = 1469598103934665603ull;
  std::uintmax_t n = 0;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) h = (h ^ static_cast<unsigned char>(buf[i])) * 1099511628211ull;
    n += static_cast<std::uintmax_t>(in.gcount());
  }
  return std::to_string(n) + ":" + std::to_string(h);
}

bool ignored(const fs::path& p) {
  const std::string n = p.filename().string();
  return n.empty() || n[0] == '.' || n.ends_with(".part") || n.ends_with(".tmp") || n.ends_with(".crdownload") || n.ends_with("~");
}

}  // namespace

FolderWatcher::FolderWatcher(WatchOptions options, std::function<void(const fs::path&)> on_file)
    : o_(std::move(options)), on_file_(std::move(on_file)) {
  if (!fs::is_directory(o_.dir)) throw std::runtime_error("watched folder " + o_.dir.string() + " is not a folder");
  fs::create_directories(o_.archive);
  if (o_.ledger.empty()) o_.ledger = o_.archive / ".sohoa-taken";
  std::ifstream in(o_.ledger);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) taken_.insert(line);
  if (o_.inotify) {
    inotify_fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (inotify_fd_ >= 0 && inotify_add_watch(inotify_fd_, o_.dir.c_str(), IN_CLOSE_WRITE | IN_MOVED_TO | IN_MODIFY) < 0) {
      close(inotify_fd_);
      inotify_fd_ = -1;  // polling alone
    }
  }
}

FolderWatcher::~FolderWatcher() {
  if (inotify_fd_ >= 0) close(inotify_fd_);
}

void FolderWatcher::take(const fs::path& file) {
  const std::string key = content_key(file);
  if (!taken_.count(key)) {
    on_file_(file);  // throws: the file stays for a later pass
    std::ofstream ledger(o_.ledger, std::ios::app);
    ledger << key << "\n";
    ledger.flush();
    if (!ledger) throw std::runtime_error("cannot write the ledger " + o_.ledger.string());
    taken_.insert(key);
  }
  // into the archive; a name already there gets a number
  fs::path to = o_.archive / file.filename();
  for (int n = 2; fs::exists(to); ++n) to = o_.archive / (file.stem().string() + "-" + std::to_string(n) + file.extension().string());
  std::error_code ec;
  fs::rename(file, to, ec);
  if (ec) {  // another file system (a share): copy, then remove
    fs::copy_file(file, to, ec);
    if (!ec) fs::remove(file, ec);
  }
}

int FolderWatcher::poll_once() {
  int taken = 0;
  const auto now = std::chrono::steady_clock::now();
  std::set<std::string> present;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(o_.dir, ec)) {
    if (!e.is_regular_file(ec) || ignored(e.path())) continue;
    const std::string name = e.path().filename().string();
    present.insert(name);
    const auto size = e.file_size(ec);
    if (ec) continue;
    const auto time = e.last_write_time(ec);
    if (ec) continue;
    auto it = seen_.find(name);
    if (it == seen_.end() || it->second.size != size || it->second.time != time) {
      seen_[name] = {size, time, now};  // new or still growing: wait until it settles
      continue;
    }
    if (size == 0 || now - it->second.since < o_.settle) continue;
    try {
      take(e.path());
      seen_.erase(name);
      ++taken;
    } catch (const std::exception&) {
      it->second.since = now;  // tried again after another settle time
    }
  }
  std::erase_if(seen_, [&](const auto& s) { return !present.count(s.first); });
  return taken;
}

void FolderWatcher::run(const std::atomic<bool>& stop) {
  while (!stop) {
    poll_once();
    if (inotify_fd_ >= 0) {
      pollfd p{inotify_fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(o_.poll.count())) > 0) {
        char buf[4096];
        while (read(inotify_fd_, buf, sizeof buf) > 0) {
        }
      }
    } else {
      std::this_thread::sleep_for(o_.poll);
    }
  }
}

}  // namespace sohoa::capture

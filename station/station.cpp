#include "station/station.hpp"

#include <chrono>
#include <fcntl.h>
#include <unistd.h>

#include <Poco/Environment.h>

#include "station/db.hpp"

namespace sohoa::station {
namespace fs = std::filesystem;

namespace {

ServeOptions completed(ServeOptions o) {
  if (o.store.empty()) o.store = (o.data / "store.sqlite").string();
  if (o.station.empty()) o.station = "local";
  return o;
}

void sync_path(const fs::path& p, int flags) {
  const int fd = ::open(p.c_str(), flags);
  if (fd < 0) throw std::runtime_error("cannot open " + p.string() + " to sync it");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw std::runtime_error("cannot sync " + p.string());
}

}  // namespace

Station::Station(ServeOptions options)
    : options_(completed(std::move(options))),
      store_((fs::create_directories(options_.data), options_.store), options_.station) {}

std::string Station::store_description() const { return Db::redacted(options_.store); }

fs::path Station::dossier_dir(std::int64_t id) const { return options_.data / "dossiers" / std::to_string(id); }

void Station::wake() {
  {
    std::lock_guard lock(mutex_);
    ++wakes_;
  }
  cv_.notify_all();
}

std::uint64_t Station::wakes() {
  std::lock_guard lock(mutex_);
  return wakes_;
}

std::uint64_t Station::wait(double seconds, std::uint64_t seen) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, std::chrono::duration<double>(seconds), [&] { return wakes_ != seen || stopping_; });
  return wakes_;
}

void Station::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
}

void write_durably(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  const fs::path tmp = path.string() + ".part";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0640);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp.string());
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      throw std::runtime_error("cannot write " + tmp.string());
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) throw std::runtime_error("cannot sync " + tmp.string());
  fs::rename(tmp, path);
  sync_path(path.parent_path(), O_RDONLY | O_DIRECTORY);
}

}  // namespace sohoa::station

// The running station that `sohoa serve` shares between its HTTP handlers and its background
// workers: the store, where files live on disk, the options, and the workers' wake-up call.
#pragma once
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>

#include "capture/profile.hpp"
#include "station/store.hpp"

namespace sohoa::station {

struct ServeOptions {
  std::filesystem::path data = "sohoa-data";  // store file, originals, prepared images, records
  std::string store;                          // connection string; default: DATA/store.sqlite
  std::string listen = "127.0.0.1";
  int port = 8080;
  std::filesystem::path web;  // the browser UI's files
  std::string scanner_profile;  // a profile with scanner settings: the intake screen's Scan button
  std::string scanner_device;   // SANE device name; default: the first SANE lists
  std::filesystem::path watch;  // a folder a scanner saves into, if any (its files go to the watched dossier)
  std::string station;        // this station's name in a shared store (its disk holds the scans); default "local"
  capture::PrepareProfile profile = capture::default_profile();
  std::int64_t session_seconds = 10 * 3600;  // a working day
  std::size_t max_upload_bytes = 200u << 20;
};

class Station {
 public:
  explicit Station(ServeOptions options);
  Store& store() { return store_; }
  std::string store_description() const;  // the connection, password hidden
  const ServeOptions& options() const { return options_; }
  // DATA/dossiers/<id>: originals/, thumbs/, views/ and record/ (the ingest's output).
  std::filesystem::path dossier_dir(std::int64_t id) const;

  // Background work: wake() tells every waiting worker that there is new work. Each worker keeps
  // the wake-up count it last saw; wait() returns the count once it has grown past `seen` (at once
  // if it already has: a wake during the worker's last round is not lost), or after `seconds`.
  void wake();
  std::uint64_t wakes();
  std::uint64_t wait(double seconds, std::uint64_t seen);
  bool stopping() const { return stopping_.load(); }
  void stop();

 private:
  ServeOptions options_;
  Store store_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::uint64_t wakes_ = 0;
  std::atomic<bool> stopping_ = false;  // set under mutex_ (so a waiter cannot miss it), read without
};

// Writes `bytes` to `path` so that it is on disk before returning (temporary file, fsync,
// rename, fsync of the folder): a page the operator was told is saved survives a power cut.
void write_durably(const std::filesystem::path& path, const std::string& bytes);

}  // namespace sohoa::station

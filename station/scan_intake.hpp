// The intake screen's Scan button: one SANE scan at a time (`sohoa serve --scanner PROFILE`),
// run on its own thread; each page becomes a page of the dossier as soon as it is read, and a
// jam, an open cover or a busy scanner ends the scan with the operator's message, keeping the
// pages already scanned.
#pragma once
#include <atomic>
#include <mutex>
#include <thread>

#include "core/field.hpp"
#include "station/station.hpp"

namespace sohoa::station {

class ScanIntake {
 public:
  explicit ScanIntake(Station& station) : station_(station) {}
  ~ScanIntake();  // cancels a running scan and waits for it
  ScanIntake(const ScanIntake&) = delete;
  ScanIntake& operator=(const ScanIntake&) = delete;

  bool configured() const { return !station_.options().scanner_profile.empty(); }
  // Starts scanning into the dossier; false if a scan is running already.
  bool start(std::int64_t dossier, const std::string& user);
  void cancel() { cancel_ = true; }
  // {"configured", "running", "dossier", "pages", "end", "message": {"code", "vi", "en"} | null}
  Json status() const;

 private:
  void run(std::int64_t dossier, std::string user);
  Station& station_;
  mutable std::mutex mutex_;
  Json status_ = {{"running", false}, {"dossier", nullptr}, {"pages", 0}, {"end", nullptr}, {"message", nullptr}};
  std::atomic<bool> cancel_{false};
  std::thread thread_;
};

}  // namespace sohoa::station

#include "station/scan_intake.hpp"

#include <cstdio>

#include "capture/page_file.hpp"
#include "capture/sane_scan.hpp"
#include "station/intake.hpp"

namespace sohoa::station {

namespace {
Json message_json(const capture::OperatorMessage& m) { return {{"code", m.code}, {"vi", m.vi}, {"en", m.en}}; }
}  // namespace

ScanIntake::~ScanIntake() {
  cancel_ = true;
  if (thread_.joinable()) thread_.join();
}

bool ScanIntake::start(std::int64_t dossier, const std::string& user) {
  std::lock_guard lock(mutex_);
  if (status_["running"].get<bool>()) return false;
  if (thread_.joinable()) thread_.join();
  status_ = {{"running", true}, {"dossier", dossier}, {"pages", 0}, {"end", nullptr}, {"message", nullptr}};
  cancel_ = false;
  thread_ = std::thread([this, dossier, user] { run(dossier, user); });
  return true;
}

Json ScanIntake::status() const {
  std::lock_guard lock(mutex_);
  Json s = status_;
  s["configured"] = configured();
  return s;
}

void ScanIntake::run(std::int64_t dossier, std::string user) {
  Json end = "stopped", message = nullptr;
  try {
    const auto profile = capture::load_scanner_profile(station_.options().scanner_profile);
    if (!profile.scan) throw std::runtime_error("the profile has no scanner settings");
    capture::SaneSession session(profile.scan->response_limit());  // SANE: one session per process at a time, as one scan runs
    std::string device = station_.options().scanner_device;
    if (device.empty()) {
      const auto devices = session.devices();
      if (devices.empty()) throw capture::ScanError(capture::operator_message("no_device", ""));
      device = devices.front().name;
    }
    capture::Scanner scanner(session, device);
    scanner.apply(*profile.scan);
    int n = 0;
    const auto outcome = scanner.scan(
        [&](capture::ScanPage page) {
          char name[32];
          std::snprintf(name, sizeof name, "scan-%04d.jpg", ++n);
          add_scan(station_, dossier, capture::page_jpeg(page), name, user, true);
          std::lock_guard lock(mutex_);
          status_["pages"] = n;
        },
        &cancel_);
    end = outcome.end;
    if (outcome.message) message = message_json(*outcome.message);
  } catch (const capture::ScanError& e) {
    message = message_json(e.message);
  } catch (const std::exception& e) {
    message = {{"code", "scanner_error"}, {"vi", std::string("lỗi máy quét: ") + e.what()}, {"en", std::string("scanner error: ") + e.what()}};
  }
  std::lock_guard lock(mutex_);
  status_["running"] = false;
  status_["end"] = end;
  status_["message"] = message;
}

}  // namespace sohoa::station

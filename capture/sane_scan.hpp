// Scanning through SANE (libsane): devices listed and opened by name, a scanner profile's
// settings applied through the matching rules, pages read until the feeder is empty. A jam, an
// open cover or a busy device stops the batch cleanly with a message for the operator
// (Vietnamese and English); the pages already scanned are kept. Each page is handed on (page
// preparation, writing) on another thread while the scanner reads the next. A scanner that does
// not answer (a SANE call that does not return within the session's limit) stops the batch the
// same way instead of hanging its caller.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "capture/decode.hpp"
#include "capture/scan_settings.hpp"

namespace sohoa::capture {

struct OperatorMessage {
  // jammed, cover_open, busy, no_documents, cancelled, not_responding, still_busy, no_device,
  // settings, scanner_error
  std::string code;
  std::string vi, en;
};
OperatorMessage operator_message(const std::string& code, const std::string& detail = "");

struct ScanError : std::runtime_error {
  ScanError(OperatorMessage m) : std::runtime_error(m.en), message(std::move(m)) {}
  OperatorMessage message;
};

struct SaneDevice {
  std::string name, vendor, model, type;
};

// sane_init … sane_exit. One at a time in a process (SANE's rule). The calls that can block
// (init, listing, open, start, read, cancel, close, exit) run on a thread of the session's own,
// each given at most response_limit. One that overruns it is left running there and the session
// is abandoned: its clean-up runs on that thread once the call returns, and until then a new
// session throws ScanError "still_busy".
class SaneSession {
 public:
  explicit SaneSession(std::chrono::milliseconds response_limit = ScanSettings{}.response_limit());
  ~SaneSession();
  SaneSession(const SaneSession&) = delete;
  SaneSession& operator=(const SaneSession&) = delete;
  std::vector<SaneDevice> devices() const;  // throws ScanError (not_responding) too

  struct Thread;  // the session's SANE thread (sane_scan.cpp)

 private:
  friend class Scanner;
  std::shared_ptr<Thread> thread_;
  std::chrono::milliseconds limit_;
};

struct ScanOutcome {
  int pages = 0;
  // feeder_empty, flatbed_done (normal ends); stopped (a jam, cover, busy device, error, a
  // scanner not responding: see message) or cancelled
  std::string end;
  std::optional<OperatorMessage> message;
};

class Scanner {
 public:
  // Throws ScanError (busy, no such device, not responding).
  Scanner(SaneSession& session, const std::string& device);
  ~Scanner();
  Scanner(const Scanner&) = delete;
  Scanner& operator=(const Scanner&) = delete;

  // Applies the profile's settings in order: source, mode, resolution, the profile's options,
  // the scan area. Returns what the operator should know (an option the device lacks, a page
  // size larger than the glass). Throws ScanError when the source, mode or resolution cannot be
  // set: scanning with other settings than the job's would be wrong.
  std::vector<std::string> apply(const ScanSettings& settings);
  // One option by name (string, number, boolean), the device's spelling of a string value
  // matched without regard to case. Returns false when the device has no such settable option.
  bool set_option(const std::string& name, const Json& value);
  std::optional<Json> option(const std::string& name) const;

  // Scans until the feeder is empty (ADF) or one page (flatbed). on_page is called in page order
  // on a consumer thread while the next page is read. before_page(i) is called on the scanning
  // thread before page i is started (to change options between pages). cancel: checked between
  // reads. A consumer that throws stops the batch (the exception is rethrown).
  ScanOutcome scan(const std::function<void(ScanPage)>& on_page, const std::atomic<bool>* cancel = nullptr,
                   const std::function<void(int)>& before_page = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sohoa::capture

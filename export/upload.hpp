// Uploading batch packages to the provincial intake: a queue folder that survives restarts
// (the package and its state are copied in before anything is sent), HTTPS with the server's
// certificate verified, resumable in chunks, retried with backoff, a receipt kept per batch.
#pragma once
#include <filesystem>
#include <functional>
#include <string>

#include "core/field.hpp"

namespace sohoa::exporter {

struct UploadOptions {
  std::filesystem::path queue = "upload-queue";
  std::string ca_file;               // CA bundle (PEM) the server's certificate must chain to; system CAs when empty
  std::size_t chunk = 1 << 20;       // bytes per PUT
  int retries = 8;                   // attempts after a failure, per package
  int backoff_ms = 500;              // first wait, doubled each time (capped at 30 s)
  std::function<void(const std::string&)> log;  // progress lines (no personal data)
};

// Copies the package into the queue (its batch id read from its manifest). Returns the batch id.
std::string enqueue(const std::filesystem::path& package, const std::string& to_url, const UploadOptions& options);

struct UploadOutcome {
  std::string batch_id;
  bool ok = false;
  std::string error;  // why it was refused or could not be sent
  Json receipt;
};

// Sends every package waiting in the queue; a package the intake refuses is moved to
// queue/refused with the reason, one that cannot be sent yet stays queued for the next run.
std::vector<UploadOutcome> process_queue(const UploadOptions& options);

}  // namespace sohoa::exporter

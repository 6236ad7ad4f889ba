// The provincial intake service: HTTPS, a resumable chunked upload per batch, verification of the
// package (signature by a trusted station key, every file's checksum, nothing missing or extra),
// loading into PostgreSQL and a receipt. Protocol: docs/export-package.md ("Upload protocol").
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sohoa::exporter {

struct IntakeOptions {
  int port = 8443;
  std::string pg;                       // libpq connection string
  std::filesystem::path cert, key;      // server certificate and private key (PEM)
  std::vector<std::string> trusted_keys;  // station public keys (PEM)
  std::filesystem::path spool;          // partial uploads
  std::size_t max_package = std::size_t{2} << 30;  // bytes
};

class IntakeServer {
 public:
  explicit IntakeServer(const IntakeOptions& options);
  ~IntakeServer();
  void start();
  void stop();
  int port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sohoa::exporter

// The station's signing key (Ed25519 through OpenSSL) and SHA-256 digests.
#pragma once
#include <filesystem>
#include <memory>
#include <string>

namespace sohoa::exporter {

std::string sha256_hex(const std::string& bytes);
std::string base64(const std::string& bytes);
std::string unbase64(const std::string& text);  // throws ExportError on bad input

class StationKey {
 public:
  // Loads the PEM private key at path; when there is no file there, generates an Ed25519 key and
  // writes it (mode 0600) first.
  static StationKey load_or_create(const std::filesystem::path& path);
  ~StationKey();
  StationKey(StationKey&&) noexcept;
  StationKey(const StationKey&) = delete;
  StationKey& operator=(const StationKey&) = delete;

  std::string sign(const std::string& message) const;  // raw 64-byte signature
  std::string public_pem() const;                       // SubjectPublicKeyInfo PEM, for the receiver
  std::string key_id() const;                           // first 16 hex of the public key's SHA-256

 private:
  explicit StationKey(void* pkey) : pkey_(pkey) {}
  void* pkey_;  // EVP_PKEY*
};

// The id of a public key in PEM form (as key_id()), "" when it is not one.
std::string public_key_id(const std::string& public_pem);
// Whether signature is a valid Ed25519 signature of message by the public key.
bool verify_signature(const std::string& public_pem, const std::string& message, const std::string& signature);

}  // namespace sohoa::exporter

#include "export/signing.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "export/dossier_export.hpp"

namespace sohoa::exporter {
namespace fs = std::filesystem;
namespace {

EVP_PKEY* key(void* p) { return static_cast<EVP_PKEY*>(p); }

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

EVP_PKEY* read_public(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* k = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return k;
}

std::string der_id(EVP_PKEY* k) {
  unsigned char* der = nullptr;
  const int n = i2d_PUBKEY(k, &der);
  if (n <= 0) return "";
  std::string bytes(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
  OPENSSL_free(der);
  return sha256_hex(bytes).substr(0, 16);
}

}  // namespace

std::string sha256_hex(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &n, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) out += hex[md[i] >> 4], out += hex[md[i] & 15];
  return out;
}

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string unbase64(const std::string& text) {
  std::string t;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) t += c;
  if (t.size() % 4 != 0) throw ExportError("not base64");
  std::string out(t.size() / 4 * 3 + 1, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(t.data()),
                                static_cast<int>(t.size()));
  if (n < 0) throw ExportError("not base64");
  std::size_t size = static_cast<std::size_t>(n);
  for (std::size_t i = t.size(); i > 0 && t[i - 1] == '='; --i) --size;  // EVP_DecodeBlock counts padding
  out.resize(size);
  return out;
}

StationKey StationKey::load_or_create(const fs::path& path) {
  if (!fs::exists(path)) {
    EVP_PKEY* k = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!k) throw ExportError("cannot generate an Ed25519 key");
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, k, nullptr, nullptr, 0, nullptr, nullptr);
    const std::string pem = bio_string(bio);
    BIO_free(bio);
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    // created 0600 from the start: the key is never readable by others, not even briefly
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || ::write(fd, pem.data(), pem.size()) != static_cast<ssize_t>(pem.size()) || ::fsync(fd) != 0) {
      if (fd >= 0) ::close(fd);
      EVP_PKEY_free(k);
      throw ExportError("cannot write the station key " + path.string());
    }
    ::close(fd);
    return StationKey(k);
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string pem = ss.str();
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* k = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!k) throw ExportError("the station key " + path.string() + " is not a PEM private key");
  if (EVP_PKEY_get_id(k) != EVP_PKEY_ED25519) {
    EVP_PKEY_free(k);
    throw ExportError("the station key " + path.string() + " is not an Ed25519 key");
  }
  return StationKey(k);
}

StationKey::~StationKey() {
  if (pkey_) EVP_PKEY_free(key(pkey_));
}
StationKey::StationKey(StationKey&& o) noexcept : pkey_(o.pkey_) { o.pkey_ = nullptr; }

std::string StationKey::sign(const std::string& message) const {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::string sig(64, '\0');
  std::size_t n = sig.size();
  const bool ok = EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, key(pkey_)) == 1 &&
                  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &n,
                                 reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) throw ExportError("signing failed");
  sig.resize(n);
  return sig;
}

std::string StationKey::public_pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key(pkey_));
  std::string pem = bio_string(bio);
  BIO_free(bio);
  return pem;
}

std::string StationKey::key_id() const { return der_id(key(pkey_)); }

std::string public_key_id(const std::string& public_pem) {
  EVP_PKEY* k = read_public(public_pem);
  if (!k) return "";
  std::string id = der_id(k);
  EVP_PKEY_free(k);
  return id;
}

bool verify_signature(const std::string& public_pem, const std::string& message, const std::string& signature) {
  EVP_PKEY* k = read_public(public_pem);
  if (!k) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok = EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, k) == 1 &&
                  EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                   reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(k);
  return ok;
}

}  // namespace sohoa::exporter

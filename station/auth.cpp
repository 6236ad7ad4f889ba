#include "station/auth.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

namespace sohoa::station {
namespace {

constexpr std::uint64_t kN = 1u << 15, kR = 8, kP = 1;
constexpr std::size_t kSaltBytes = 16, kHashBytes = 32;

std::string hex(const unsigned char* data, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
}

std::vector<unsigned char> unhex(const std::string& s) {
  std::vector<unsigned char> out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) out.push_back(static_cast<unsigned char>(std::stoi(s.substr(i, 2), nullptr, 16)));
  return out;
}

std::vector<unsigned char> scrypt(const std::string& password, const std::vector<unsigned char>& salt, std::uint64_t n,
                                  std::uint64_t r, std::uint64_t p, std::size_t length) {
  std::vector<unsigned char> out(length);
  if (EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(), n, r, p, 64ull << 20, out.data(), out.size()) != 1)
    throw std::runtime_error("scrypt failed");
  return out;
}

std::vector<unsigned char> random_bytes(std::size_t n) {
  std::vector<unsigned char> out(n);
  if (RAND_bytes(out.data(), static_cast<int>(n)) != 1) throw std::runtime_error("no random bytes from OpenSSL");
  return out;
}

}  // namespace

bool valid_role(std::string_view role) { return std::find(std::begin(kRoles), std::end(kRoles), role) != std::end(kRoles); }

bool role_allows(std::string_view role, std::string_view right) {
  if (role == "admin") return true;
  if (right == "intake") return role == "operator";
  if (right == "verify") return role == "clerk" || role == "supervisor";
  if (right == "audit" || right == "settings" || right == "export") return role == "supervisor";
  return false;
}

std::string hash_password(const std::string& password) {
  const auto salt = random_bytes(kSaltBytes);
  const auto h = scrypt(password, salt, kN, kR, kP, kHashBytes);
  return "scrypt$" + std::to_string(kN) + "$" + std::to_string(kR) + "$" + std::to_string(kP) + "$" + hex(salt.data(), salt.size()) +
         "$" + hex(h.data(), h.size());
}

bool verify_password(const std::string& password, const std::string& stored) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= stored.size(); ++i)
    if (i == stored.size() || stored[i] == '$') parts.push_back(stored.substr(start, i - start)), start = i + 1;
  if (parts.size() != 6 || parts[0] != "scrypt") return false;
  try {
    const auto want = unhex(parts[5]);
    const auto got = scrypt(password, unhex(parts[4]), std::stoull(parts[1]), std::stoull(parts[2]), std::stoull(parts[3]), want.size());
    return !want.empty() && CRYPTO_memcmp(want.data(), got.data(), want.size()) == 0;  // constant time
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<std::string> weak_password(const std::string& password) {
  if (password.size() < 8) return "a password needs at least 8 characters";
  return std::nullopt;
}

std::string new_token() {
  const auto b = random_bytes(32);
  return hex(b.data(), b.size());
}

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr);
  return hex(md, n);
}

std::string token_hash(const std::string& token) { return sha256_hex(token); }

}  // namespace sohoa::station

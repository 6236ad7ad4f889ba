// Passwords and session tokens. Passwords are kept as scrypt hashes (OpenSSL; N=2^15, r=8, p=1:
// about 0.1 s and 32 MB per guess, with a 16-byte random salt), so a copied store file does not
// give them away; tokens are 32 random bytes, and the store keeps only their SHA-256.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace sohoa::station {

inline constexpr const char* kRoles[] = {"operator", "clerk", "supervisor", "admin"};
bool valid_role(std::string_view role);
// What a role may do: "intake" (operator, admin), "verify" (clerk, supervisor, admin),
// "audit", "settings" and "export" (supervisor, admin), "accounts" (admin).
bool role_allows(std::string_view role, std::string_view right);

// "scrypt$N$r$p$salt_hex$hash_hex"
std::string hash_password(const std::string& password);
bool verify_password(const std::string& password, const std::string& stored);
// A reason the password is too weak to accept, or nothing.
std::optional<std::string> weak_password(const std::string& password);

std::string new_token();                              // 64 hex digits
std::string token_hash(const std::string& token);     // SHA-256, hex
std::string sha256_hex(std::string_view data);

}  // namespace sohoa::station

// The store's accounts, sessions and settings. Passwords arrive hashed (station/auth.hpp); a
// session is kept by the hash of its token, so the store's file does not hold usable tokens.
#include <ctime>

#include <Poco/Data/Statement.h>

#include "station/db.hpp"
#include "station/store.hpp"

namespace sohoa::station {

using namespace Poco::Data::Keywords;

namespace {
std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }
}  // namespace

void Store::create_user(const UserRow& user, const std::string& by) {
  const auto held = db_->hold();
  if (this->user(user.username)) throw StoreError("the account " + user.username + " exists already");
  db_->transaction([&] {
    const std::int64_t t = now_seconds();
    UserRow u = user;
    int active = u.active ? 1 : 0;
    db_->session() << db_->sql("INSERT INTO users (username, name, role, password_hash, active, created_at) VALUES (?, ?, ?, ?, ?, ?)"),
        use(u.username), use(u.name), use(u.role), use(u.password_hash), bind(active), bind(t), now;
    audit_locked(by, "create_user", "user " + user.username, "role " + user.role);
  });
}

UserRow Store::update_user(const std::string& username, const UserChange& change, const std::string& by,
                           const std::string& keep_session) {
  const auto held = db_->hold();
  UserRow u;
  db_->transaction([&] {
    // the admins' rows are locked first, so that two admins disabling each other at once cannot
    // both see the other still active (PostgreSQL; SQLite has one writer)
    std::vector<std::string> admins;
    std::vector<int> admins_active;
    db_->session() << db_->sql("SELECT username, active FROM users WHERE role = 'admin' ORDER BY username{for_update}"), into(admins),
        into(admins_active), now;
    const auto before = user(username);
    if (!before) throw StoreError("no account " + username);
    u = *before;
    std::string what;  // for the audit: what changed, never a password
    const auto note = [&what](const std::string& s) { what += (what.empty() ? "" : ", ") + s; };
    if (change.name && *change.name != u.name) {
      u.name = *change.name;
      note("name");
    }
    if (change.role && *change.role != u.role) {
      note("role " + u.role + " -> " + *change.role);
      u.role = *change.role;
    }
    if (change.active && *change.active != u.active) {
      u.active = *change.active;
      note(u.active ? "enabled" : "disabled");
    }
    if (change.password_hash) {
      u.password_hash = *change.password_hash;
      note("password");
    }
    const auto active_admin = [](const UserRow& r) { return r.active && r.role == "admin"; };
    int other_admins = 0;  // active, from the rows locked above
    for (std::size_t i = 0; i < admins.size(); ++i) other_admins += admins[i] != username && admins_active[i] != 0;
    if (active_admin(*before) && !active_admin(u) && other_admins == 0) throw LastAdminError("the station must keep an active admin account");
    int active = u.active ? 1 : 0;
    db_->session() << db_->sql("UPDATE users SET name = ?, role = ?, password_hash = ?, active = ? WHERE username = ?"), use(u.name),
        use(u.role), use(u.password_hash), bind(active), use(u.username), now;
    if (change.password_hash || !u.active) {
      std::string name = username, keep = keep_session;
      db_->session() << db_->sql("DELETE FROM sessions WHERE username = ? AND token_hash <> ?"), use(name), use(keep), now;
    }
    audit_locked(by, "update_user", "user " + username, what);
  });
  return u;
}

std::optional<UserRow> Store::user(const std::string& username) const {
  const auto held = db_->hold();  // (asked on every request, for its session's user)
  std::string name = username;
  std::vector<std::string> full, roles, hashes;
  std::vector<int> active;
  db_->session() << db_->sql("SELECT name, role, password_hash, active FROM users WHERE username = ?"), use(name), into(full), into(roles),
      into(hashes), into(active), now;
  if (full.empty()) return std::nullopt;
  return UserRow{username, full[0], roles[0], hashes[0], active[0] != 0};
}

std::vector<UserRow> Store::users() const {
  const auto held = db_->hold();
  std::vector<std::string> names, full, roles, hashes;
  std::vector<int> active;
  db_->session() << "SELECT username, name, role, password_hash, active FROM users ORDER BY username", into(names), into(full),
      into(roles), into(hashes), into(active), now;
  std::vector<UserRow> out;
  for (std::size_t i = 0; i < names.size(); ++i) out.push_back({names[i], full[i], roles[i], hashes[i], active[i] != 0});
  return out;
}

int Store::failed_logins(const std::string& username, std::int64_t seconds) const {
  const auto held = db_->hold();
  const std::int64_t since = now_seconds() - seconds;
  std::string u = username, u2 = username;
  std::int64_t n = 0;
  db_->session() << db_->sql("SELECT count(*) FROM audit WHERE action = 'login_failed' AND user_name = ? AND at >= ? AND id >"
                             " (SELECT COALESCE(MAX(id), 0) FROM audit WHERE action = 'login' AND user_name = ?)"),
      use(u), bind(since), use(u2), into(n), now;
  return static_cast<int>(n);
}

void Store::create_session(const std::string& token_hash, const std::string& username, std::int64_t expires_at) {
  const auto held = db_->hold();
  const std::int64_t t = now_seconds();
  std::string h = token_hash, u = username;
  db_->transaction([&] {
    db_->session() << db_->sql("DELETE FROM sessions WHERE expires_at < ?"), bind(t), now;  // old sessions go
    db_->session() << db_->sql("INSERT INTO sessions (token_hash, username, created_at, expires_at) VALUES (?, ?, ?, ?)"), use(h),
        use(u), bind(t), bind(expires_at), now;
  });
}

std::optional<UserRow> Store::session_user(const std::string& token_hash) const {
  const auto held = db_->hold();
  const std::int64_t t = now_seconds();
  std::string h = token_hash;
  std::vector<std::string> names;
  db_->session() << db_->sql("SELECT s.username FROM sessions s JOIN users u ON u.username = s.username"
                             " WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1"),
      use(h), bind(t), into(names), now;
  if (names.empty()) return std::nullopt;
  return user(names[0]);
}

void Store::delete_session(const std::string& token_hash) {
  const auto held = db_->hold();
  std::string h = token_hash;
  db_->session() << db_->sql("DELETE FROM sessions WHERE token_hash = ?"), use(h), now;
}

std::optional<std::string> Store::setting(const std::string& key) const {
  const auto held = db_->hold();
  std::string k = key;
  std::vector<std::string> values;
  db_->session() << db_->sql("SELECT value FROM settings WHERE key = ?"), use(k), into(values), now;
  if (values.empty()) return std::nullopt;
  return values[0];
}

void Store::set_setting(const std::string& key, const std::string& value, const std::string& user) {
  const auto held = db_->hold();
  std::string k = key, v = value;
  db_->transaction([&] {
    db_->session() << db_->sql("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
        use(k), use(v), now;
    audit_locked(user, "settings", "setting " + key, value);
  });
}

}  // namespace sohoa::station

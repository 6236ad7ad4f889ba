// Accounts, sessions and settings: login, logout, who am I, the admin's accounts, four-eyes.
#include <ctime>

#include "station/api.hpp"
#include "station/auth.hpp"
#include "station/watch_intake.hpp"

namespace sohoa::station {

Json user_json(const UserRow& u) { return {{"username", u.username}, {"name", u.name}, {"role", u.role}, {"active", u.active}}; }

namespace {

std::string session_cookie(const std::string& token, std::int64_t max_age) {
  return "sohoa_session=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
}

Reply login(Station& station, Request& r) {
  const Json body = r.json_body();
  const std::string username = body.value("username", ""), password = body.value("password", "");
  // guessing is slowed to 5 tries per name in 10 minutes (counted in the audit log, so a restart
  // or another station of a shared store does not reset it)
  if (station.store().failed_logins(username, 600) >= 5)
    throw HttpError(429, "too many failed logins for this name: try again in 10 minutes",
                    "đăng nhập sai quá nhiều lần: hãy thử lại sau 10 phút");
  const auto user = station.store().user(username);
  // one answer for an unknown name and a wrong password, and the hash is computed either way
  const bool ok = verify_password(password, user ? user->password_hash : hash_password("-")) && user && user->active;
  if (!ok) {
    station.store().audit(username.size() <= 64 ? username : username.substr(0, 64), "login_failed", "session", "");
    throw HttpError(401, "wrong user name or password", "sai tên đăng nhập hoặc mật khẩu");
  }
  const std::string token = new_token();
  const std::int64_t expires = static_cast<std::int64_t>(std::time(nullptr)) + station.options().session_seconds;
  station.store().create_session(token_hash(token), username, expires);
  station.store().audit(username, "login", "session", "");
  Reply reply = Reply::json({{"user", user_json(*user)}, {"expires_at", expires}});
  reply.headers.emplace_back("Set-Cookie", session_cookie(token, station.options().session_seconds));
  return reply;
}

void require_strong(const std::string& password) {
  if (const auto weak = weak_password(password)) throw HttpError(400, *weak, "mật khẩu cần ít nhất 8 ký tự");
}

// A member of the body that must have the given JSON type when present.
template <typename T>
std::optional<T> optional_member(const Json& body, const char* key, bool (Json::*is)() const noexcept) {
  if (!body.contains(key)) return std::nullopt;
  if (!(body[key].*is)()) throw HttpError(400, std::string(key) + " has the wrong type", std::string(key) + " sai kiểu dữ liệu");
  return body[key].get<T>();
}

// The admin's change of an account: name, role, active, a new password.
Reply update_account(Store& store, Request& r) {
  const Json b = r.json_body();
  UserChange change{optional_member<std::string>(b, "name", &Json::is_string), optional_member<std::string>(b, "role", &Json::is_string),
                    std::nullopt, optional_member<bool>(b, "active", &Json::is_boolean)};
  if (change.role && !valid_role(*change.role))
    throw HttpError(400, "role must be operator, clerk, supervisor or admin", "vai trò phải là operator, clerk, supervisor hoặc admin");
  if (const auto password = optional_member<std::string>(b, "password", &Json::is_string)) {
    require_strong(*password);
    change.password_hash = hash_password(*password);
  }
  const std::string username = r.params.at("name");
  if (!store.user(username)) throw HttpError(404, "no account " + username, "không có tài khoản " + username);
  try {
    // an admin who sets their own password keeps the session they set it from
    const std::string keep = username == r.who().username ? token_hash(r.token) : "";
    return Reply::json(user_json(store.update_user(username, change, r.who().username, keep)));
  } catch (const LastAdminError& e) {
    throw HttpError(409, e.what(), "trạm phải luôn còn một tài khoản quản trị đang hoạt động");
  } catch (const StoreError&) {  // the account went between the check above and the change
    throw HttpError(404, "no account " + username, "không có tài khoản " + username);
  }
}

// A user's change of their own password: the current one is asked for, and a wrong one counts as
// a failed login (so a session left open does not allow guessing it). Their other sessions end.
Reply change_own_password(Station& station, Request& r) {
  const Json b = r.json_body();
  const std::string current = b.value("current_password", ""), next = b.value("new_password", "");
  const std::string& username = r.who().username;
  if (station.store().failed_logins(username, 600) >= 5)
    throw HttpError(429, "too many wrong passwords: try again in 10 minutes", "nhập sai mật khẩu quá nhiều lần: hãy thử lại sau 10 phút");
  if (!verify_password(current, r.who().password_hash)) {
    station.store().audit(username, "login_failed", "session", "password change");
    throw HttpError(403, "the current password is wrong", "mật khẩu hiện tại không đúng");
  }
  require_strong(next);
  UserChange change;
  change.password_hash = hash_password(next);
  station.store().update_user(username, change, username, token_hash(r.token));
  return Reply::empty();
}

bool four_eyes(Store& store) { return store.setting("four_eyes").value_or("0") == "1"; }

Json settings_json(Station& station) {
  const auto target = watch_target(station.store(), station.options().station);
  return {{"four_eyes", four_eyes(station.store())}, {"watch_folder", !station.options().watch.empty()},
          {"watch_dossier", target ? Json(target->dossier) : Json()}};
}

}  // namespace

void add_account_routes(std::vector<Route>& routes, Station& station) {
  Store& store = station.store();
  routes.push_back({"POST", {"api", "login"}, "public", [&station](Request& r) { return login(station, r); }});
  routes.push_back({"POST", {"api", "logout"}, "", [&store](Request& r) {
                      store.delete_session(token_hash(r.token));
                      store.audit(r.who().username, "logout", "session", "");
                      Reply reply = Reply::empty();
                      reply.headers.emplace_back("Set-Cookie", session_cookie("", 0));
                      return reply;
                    }});
  routes.push_back({"GET", {"api", "me"}, "", [](Request& r) { return Reply::json(user_json(r.who())); }});
  routes.push_back({"GET", {"api", "users"}, "accounts", [&store](Request&) {
                      Json users = Json::array();
                      for (const auto& u : store.users()) users.push_back(user_json(u));
                      return Reply::json({{"users", users}});
                    }});
  routes.push_back({"POST", {"api", "users"}, "accounts", [&store](Request& r) {
                      const Json b = r.json_body();
                      UserRow u{b.value("username", ""), b.value("name", ""), b.value("role", ""), "", true};
                      const std::string password = b.value("password", "");
                      if (u.username.empty() || u.username.size() > 64 || u.username.find_first_of(" \t/") != std::string::npos)
                        throw HttpError(400, "a user name is 1 to 64 characters without spaces", "tên đăng nhập từ 1 đến 64 ký tự, không có dấu cách");
                      if (!valid_role(u.role))
                        throw HttpError(400, "role must be operator, clerk, supervisor or admin", "vai trò phải là operator, clerk, supervisor hoặc admin");
                      require_strong(password);
                      if (store.user(u.username)) throw HttpError(409, "that user name is taken", "tên đăng nhập đã có");
                      u.password_hash = hash_password(password);
                      store.create_user(u, r.who().username);
                      return Reply::json(user_json(u), 201);
                    }});
  routes.push_back({"PUT", {"api", "users", ":name"}, "accounts", [&store](Request& r) { return update_account(store, r); }});
  routes.push_back({"PUT", {"api", "me", "password"}, "", [&station](Request& r) { return change_own_password(station, r); }});
  routes.push_back({"GET", {"api", "settings"}, "", [&station](Request&) { return Reply::json(settings_json(station)); }});
  routes.push_back({"PUT", {"api", "settings"}, "settings", [&store, &station](Request& r) {
                      const Json b = r.json_body();
                      if (!b.contains("four_eyes") || !b["four_eyes"].is_boolean())
                        throw HttpError(400, "four_eyes must be true or false", "four_eyes phải là true hoặc false");
                      store.set_setting("four_eyes", b["four_eyes"].get<bool>() ? "1" : "0", r.who().username);
                      return Reply::json(settings_json(station));
                    }});
}

}  // namespace sohoa::station

// The HTTP plumbing of `sohoa serve`: a request as the API handlers see it, their replies and
// errors (in English and Vietnamese), and the table of routes.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <Poco/Net/HTTPServerRequest.h>

#include "core/field.hpp"
#include "station/store.hpp"

namespace sohoa::station {

// A refusal the client gets as {"error", "error_vi"} with its status.
struct HttpError : std::runtime_error {
  HttpError(int status_, const std::string& en, std::string vi_) : std::runtime_error(en), status(status_), vi(std::move(vi_)) {}
  int status;
  std::string vi;
};

struct Request {
  Poco::Net::HTTPServerRequest& http;
  std::string method, path;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> params;  // ":id" parts of the route
  std::optional<UserRow> user;                // the session's user
  std::string token;                          // the session cookie, if any

  std::int64_t id(const std::string& name) const;  // a numeric route parameter
  const UserRow& who() const { return *user; }
  Json json_body(std::size_t limit = 1 << 20) const;  // throws HttpError 400 / 413
  std::optional<std::string> query_value(const std::string& key) const;
};

struct Reply {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Reply json(const Json& j, int status = 200);
  static Reply empty(int status = 204);
  static Reply jpeg(std::string bytes);
};

struct Route {
  std::string method;
  std::vector<std::string> pattern;  // "api", "dossiers", ":id"
  std::string right;                 // "" any logged-in user, "public" anyone, else role_allows()
  std::function<Reply(Request&)> handle;
};

// Route by method and path: the route and its parameters; 404/405 as HttpError.
const Route& match(const std::vector<Route>& routes, Request& request);
std::vector<std::string> split_path(const std::string& path);
std::map<std::string, std::string> parse_query(const std::string& query);

}  // namespace sohoa::station

#include "station/http.hpp"

#include <istream>

#include <Poco/URI.h>

namespace sohoa::station {

std::int64_t Request::id(const std::string& name) const {
  const auto it = params.find(name);
  try {
    std::size_t used = 0;
    const auto v = std::stoll(it->second, &used);
    if (used == it->second.size() && v > 0) return v;
  } catch (const std::exception&) {
  }
  throw HttpError(400, "'" + it->second + "' is not a number", "'" + it->second + "' không phải là số");
}

Json Request::json_body(std::size_t limit) const {
  std::string body;
  char buffer[8192];
  auto& in = http.stream();
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (body.size() > limit) throw HttpError(413, "the request body is too large", "nội dung yêu cầu quá lớn");
  }
  try {
    return Json::parse(body.empty() ? "{}" : body);
  } catch (const Json::parse_error& e) {
    throw HttpError(400, std::string("the request body is not JSON: ") + e.what(), "nội dung yêu cầu không phải JSON");
  }
}

std::optional<std::string> Request::query_value(const std::string& key) const {
  const auto it = query.find(key);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

Reply Reply::json(const Json& j, int status) {
  Reply r;
  r.status = status;
  r.body = j.dump();
  return r;
}

Reply Reply::empty(int status) {
  Reply r;
  r.status = status;
  r.content_type.clear();
  return r;
}

Reply Reply::jpeg(std::string bytes) {
  Reply r;
  r.content_type = "image/jpeg";
  r.body = std::move(bytes);
  r.headers.emplace_back("Cache-Control", "private, max-age=60");
  return r;
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i)
    if (i == path.size() || path[i] == '/') {
      if (i > start) out.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

std::map<std::string, std::string> parse_query(const std::string& query) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= query.size(); ++i)
    if (i == query.size() || query[i] == '&') {
      const std::string kv = query.substr(start, i - start);
      start = i + 1;
      if (kv.empty()) continue;
      const auto eq = kv.find('=');
      std::string k, v;
      Poco::URI::decode(kv.substr(0, eq), k, true);
      if (eq != std::string::npos) Poco::URI::decode(kv.substr(eq + 1), v, true);
      out[k] = v;
    }
  return out;
}

const Route& match(const std::vector<Route>& routes, Request& request) {
  const auto parts = split_path(request.path);
  bool path_known = false;
  for (const auto& r : routes) {
    if (r.pattern.size() != parts.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      if (!r.pattern[i].empty() && r.pattern[i][0] == ':')
        params[r.pattern[i].substr(1)] = parts[i];
      else
        ok = r.pattern[i] == parts[i];
    }
    if (!ok) continue;
    path_known = true;
    if (r.method != request.method) continue;
    request.params = std::move(params);
    return r;
  }
  if (path_known) throw HttpError(405, request.method + " is not allowed here", "phương thức không được phép");
  throw HttpError(404, "no such API call", "không có lệnh này");
}

}  // namespace sohoa::station

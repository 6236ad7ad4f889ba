#include "station/server.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include "station/api.hpp"
#include "station/auth.hpp"
#include "station/scan_intake.hpp"
#include "station/watch_intake.hpp"
#include "station/workers.hpp"

namespace sohoa::station {
namespace fs = std::filesystem;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

namespace {

const char* content_type(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

// A file of the UI, never outside its folder.
Reply static_file(const fs::path& web, const std::string& path) {
  fs::path p = web / (path == "/" || path.empty() ? "index.html" : path.substr(1));
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(p, ec), root = fs::weakly_canonical(web, ec);
  if (ec || real.string().rfind(root.string(), 0) != 0 || !fs::is_regular_file(real))
    throw HttpError(404, "no such page", "không có trang này");
  std::ifstream in(real, std::ios::binary);
  Reply r;
  r.content_type = content_type(real);
  r.body.assign(std::istreambuf_iterator<char>(in), {});
  r.headers.emplace_back("Cache-Control", "no-cache");
  return r;
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  Handler(Station& station, const std::vector<Route>& routes) : station_(station), routes_(routes) {}

  void handleRequest(HTTPServerRequest& http, HTTPServerResponse& response) override {
    const auto start = std::chrono::steady_clock::now();
    const Poco::URI uri(http.getURI());
    Request request{http, http.getMethod(), uri.getPath(), parse_query(uri.getRawQuery()), {}, {}, {}};
    Reply reply;
    try {
      reply = dispatch(request);
    } catch (const HttpError& e) {
      reply = Reply::json({{"error", e.what()}, {"error_vi", e.vi}}, e.status);
    } catch (const std::exception& e) {
      reply = Reply::json({{"error", std::string("internal error: ") + e.what()}, {"error_vi", "lỗi máy chủ"}}, 500);
    }
    // a body the handler did not read (refused before it) must not be taken for the next request
    // on this keep-alive connection: read it away, or close the connection if it is large
    auto& in = http.stream();
    char sink[65536];
    std::size_t drained = 0;
    while (request.has_body() && drained < (1u << 20) && (in.read(sink, sizeof sink) || in.gcount() > 0)) drained += static_cast<std::size_t>(in.gcount());
    if (drained >= (1u << 20)) response.setKeepAlive(false);
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
    for (const auto& [k, v] : reply.headers) response.set(k, v);
    response.set("X-Content-Type-Options", "nosniff");
    if (!reply.content_type.empty()) response.setContentType(reply.content_type);
    response.setContentLength(static_cast<std::streamsize>(reply.body.size()));
    response.send().write(reply.body.data(), static_cast<std::streamsize>(reply.body.size()));
    // the path only: queries and bodies may carry personal data
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (reply.status >= 400 || request.method != "GET")
      std::fprintf(stderr, "sohoa serve: %s %s %d %.0f ms\n", request.method.c_str(), request.path.c_str(), reply.status, ms);
  }

 private:
  Reply dispatch(Request& request) {
    if (request.path.rfind("/api/", 0) != 0) {
      if (request.method != "GET") throw HttpError(405, "only GET outside /api/", "chỉ GET ngoài /api/");
      return static_file(station_.options().web, request.path);
    }
    const Route& route = match(routes_, request);
    Poco::Net::NameValueCollection cookies;
    request.http.getCookies(cookies);
    if (cookies.has("sohoa_session")) {
      request.token = cookies.get("sohoa_session");
      request.user = station_.store().session_user(token_hash(request.token));
    }
    if (route.right != "public") {
      if (!request.user) throw HttpError(401, "please log in", "vui lòng đăng nhập");
      if (!route.right.empty() && !role_allows(request.user->role, route.right))
        throw HttpError(403, "your role (" + request.user->role + ") does not allow this", "vai trò của bạn không được phép làm việc này");
    }
    return route.handle(request);
  }

  Station& station_;
  const std::vector<Route>& routes_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Factory(Station& station, const std::vector<Route>& routes) : station_(station), routes_(routes) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override { return new Handler(station_, routes_); }

 private:
  Station& station_;
  const std::vector<Route>& routes_;
};

}  // namespace

int serve(Station& station) {
  // SIGINT/SIGTERM are taken by sigwait below, in this thread only
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  ScanIntake scans(station);
  std::vector<Route> routes;
  add_account_routes(routes, station);
  add_dossier_routes(routes, station);
  add_image_routes(routes, station);
  add_scanner_routes(routes, station, scans);
  add_batch_routes(routes, station);

  const auto& o = station.options();
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(o.listen, static_cast<Poco::UInt16>(o.port)));
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(24);
  params->setMaxQueued(128);
  params->setKeepAlive(true);
  Poco::Net::HTTPServer server(new Factory(station, routes), socket, params);
  Workers workers(station);
  WatchIntake watch(station);  // does nothing without --watch
  server.start();
  std::fprintf(stderr, "sohoa serve: station %s listening on http://%s:%d/ (store %s, data %s)\n", o.station.c_str(), o.listen.c_str(),
               o.port, station.store_description().c_str(), o.data.string().c_str());
  int sig = 0;
  sigwait(&signals, &sig);
  std::fprintf(stderr, "sohoa serve: stopping\n");
  server.stopAll(true);
  return 0;
}

}  // namespace sohoa::station

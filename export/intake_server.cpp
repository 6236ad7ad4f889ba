#include "export/intake_server.hpp"

#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/URI.h>

#include "core/field.hpp"
#include "export/intake_store.hpp"
#include "export/package.hpp"
#include "export/signing.hpp"

namespace sohoa::exporter {
namespace fs = std::filesystem;
using Poco::Net::HTTPResponse;

namespace {

const std::regex kBatchId("[A-Za-z0-9._-]{1,100}");
const std::regex kSha("[0-9a-f]{64}");
constexpr std::size_t kMaxChunk = std::size_t{64} << 20;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Requests for one batch take turns: they share its spool file, and a station sends its chunks one
// after another anyway. Batches from different stations go side by side (the database keeps two
// loads of one batch apart with an advisory lock of its own).
class BatchLocks {
 public:
  std::shared_ptr<std::mutex> of(const std::string& batch) {
    std::lock_guard lock(mutex_);
    std::erase_if(locks_, [](const auto& entry) { return entry.second.expired(); });  // batches no request holds
    auto& slot = locks_[batch];
    auto held = slot.lock();
    if (!held) slot = held = std::make_shared<std::mutex>();
    return held;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::weak_ptr<std::mutex>> locks_;
};

struct Shared {
  IntakeOptions options;
  BatchLocks batches;
};

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(Shared& s) : s_(s) {}
  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) override {
    try {
      handle(req, res);
    } catch (const std::exception& e) {
      reply(res, HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, {{"error", std::string("intake failed: ") + e.what()}});
    }
  }

 private:
  static void reply(Poco::Net::HTTPServerResponse& res, HTTPResponse::HTTPStatus status, const Json& body) {
    res.setStatus(status);
    res.setContentType("application/json; charset=utf-8");
    const std::string text = body.dump() + "\n";
    res.setContentLength(static_cast<std::streamsize>(text.size()));
    res.send() << text;
  }

  void handle(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& res) {
    const Poco::URI uri(req.getURI());
    std::vector<std::string> segments;
    uri.getPathSegments(segments);
    std::map<std::string, std::string> query;
    for (const auto& [k, v] : uri.getQueryParameters()) query[k] = v;
    if (segments.size() < 2 || segments[0] != "uploads" || segments.size() > 3 || (segments.size() == 3 && segments[2] != "complete"))
      return reply(res, HTTPResponse::HTTP_NOT_FOUND, {{"error", "no such resource: " + uri.getPath()}});
    const std::string batch = segments[1];
    if (!std::regex_match(batch, kBatchId)) return reply(res, HTTPResponse::HTTP_BAD_REQUEST, {{"error", "bad batch id"}});
    const std::string sha = query["sha256"];
    if (!std::regex_match(sha, kSha)) return reply(res, HTTPResponse::HTTP_BAD_REQUEST, {{"error", "sha256 must be 64 lower-case hex digits"}});
    std::size_t size = 0;
    try {
      size = std::stoull(query.at("size"));
    } catch (const std::exception&) {
      return reply(res, HTTPResponse::HTTP_BAD_REQUEST, {{"error", "size is missing or not a number"}});
    }
    if (size == 0 || size > s_.options.max_package)
      return reply(res, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE, {{"error", "package size out of bounds"}});

    // a chunk's bytes are read before anything is locked: a connection cut mid-chunk must not hold
    // up the retry that follows it
    std::string chunk;
    bool cut_short = false;
    if (req.getMethod() == "PUT") {
      const auto length = req.getContentLength();
      if (length <= 0 || static_cast<std::size_t>(length) > std::min(size, kMaxChunk))
        return reply(res, HTTPResponse::HTTP_BAD_REQUEST, {{"error", "a chunk needs a Content-Length of at most " + std::to_string(kMaxChunk) + " bytes"}});
      chunk.resize(static_cast<std::size_t>(length));
      req.stream().read(chunk.data(), length);
      cut_short = req.stream().gcount() != length;
    }

    const auto batch_mutex = s_.batches.of(batch);
    std::lock_guard lock(*batch_mutex);
    IntakeStore store(s_.options.pg, IntakeStore::Tables::Present);
    // a batch already received: the same package again is answered with its receipt (a replay
    // changes nothing); another package under the same batch id is refused
    if (const auto done = store.batch(batch)) {
      if (done->package_sha256 == sha) {
        Json r = {{"state", "complete"}, {"received", size}, {"receipt", done->receipt}, {"note", "batch " + batch + " was already received: nothing changed"}};
        return reply(res, HTTPResponse::HTTP_OK, r);
      }
      return reply(res, HTTPResponse::HTTP_CONFLICT,
                   {{"error", "batch " + batch + " was already received with another package (SHA-256 " + done->package_sha256 + "): refused"}});
    }
    const fs::path part = s_.options.spool / (batch + "." + sha + ".part");
    const std::size_t have = fs::exists(part) ? fs::file_size(part) : 0;

    if (req.getMethod() == "GET" && segments.size() == 2)
      return reply(res, HTTPResponse::HTTP_OK, {{"state", "partial"}, {"received", have}});

    if (req.getMethod() == "PUT" && segments.size() == 2) {
      std::size_t offset = 0;
      try {
        offset = std::stoull(query.at("offset"));
      } catch (const std::exception&) {
        return reply(res, HTTPResponse::HTTP_BAD_REQUEST, {{"error", "offset is missing or not a number"}});
      }
      if (cut_short)  // the connection dropped mid-chunk: keep nothing of it
        return reply(res, HTTPResponse::HTTP_BAD_REQUEST, {{"error", "chunk cut short"}, {"received", have}});
      if (offset != have)
        return reply(res, HTTPResponse::HTTP_CONFLICT, {{"error", "offset " + std::to_string(offset) + " is not where the upload stands"}, {"received", have}});
      if (offset + chunk.size() > size)
        return reply(res, HTTPResponse::HTTP_BAD_REQUEST, {{"error", "the chunk runs past the package size"}, {"received", have}});
      const auto length = static_cast<std::streamsize>(chunk.size());
      {
        std::ofstream out(part, std::ios::binary | std::ios::app);
        out.write(chunk.data(), length);
        out.flush();
        if (!out) throw std::runtime_error("cannot write to the spool");
      }
      return reply(res, HTTPResponse::HTTP_OK, {{"state", "partial"}, {"received", have + chunk.size()}});
    }

    if (req.getMethod() == "POST" && segments.size() == 3) {
      if (have != size)
        return reply(res, HTTPResponse::HTTP_CONFLICT,
                     {{"error", "the package is incomplete: " + std::to_string(have) + " of " + std::to_string(size) + " bytes received"}, {"received", have}});
      const std::string bytes = read_all(part);
      if (sha256_hex(bytes) != sha) {
        fs::remove(part);  // start over: what was received is not the package announced
        return reply(res, HTTPResponse::HTTP_UNPROCESSABLE_ENTITY,
                     {{"error", "the bytes received do not have the announced SHA-256: upload again"}, {"received", 0}});
      }
      const Verification v = verify_package_bytes(bytes, s_.options.trusted_keys);
      if (!v.ok) {
        fs::create_directories(s_.options.spool / "rejected");
        fs::rename(part, s_.options.spool / "rejected" / (batch + "." + sha + ".zip"));
        std::string reason = v.problems.front();
        return reply(res, HTTPResponse::HTTP_UNPROCESSABLE_ENTITY, {{"error", "package refused: " + reason}, {"problems", v.problems}});
      }
      if (v.manifest.value("batch_id", "") != batch)
        return reply(res, HTTPResponse::HTTP_UNPROCESSABLE_ENTITY,
                     {{"error", "package refused: its manifest is for batch " + v.manifest.value("batch_id", "") + ", not " + batch}});
      std::map<std::string, std::string> files;
      for (auto& [path, content] : read_zip(bytes)) files[path] = std::move(content);
      const Json receipt = store.load(v.manifest, files, sha);
      fs::remove(part);
      return reply(res, HTTPResponse::HTTP_OK, {{"state", "complete"}, {"received", size}, {"receipt", receipt}});
    }
    return reply(res, HTTPResponse::HTTP_METHOD_NOT_ALLOWED, {{"error", req.getMethod() + " not allowed here"}});
  }
  Shared& s_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(Shared& s) : s_(s) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override { return new Handler(s_); }

 private:
  Shared& s_;
};

}  // namespace

struct IntakeServer::Impl {
  Shared shared;
  std::unique_ptr<Poco::Net::HTTPServer> server;
  int port = 0;
};

IntakeServer::IntakeServer(const IntakeOptions& options) : impl_(std::make_unique<Impl>()) {
  impl_->shared.options = options;
  fs::create_directories(options.spool);
  IntakeStore check(options.pg);  // the database is there and has its tables before the first upload
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, options.key.string(), options.cert.string(), "",
                                                           Poco::Net::Context::VERIFY_NONE);
  Poco::Net::SecureServerSocket socket(static_cast<Poco::UInt16>(options.port), 64, context);
  impl_->port = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(16);  // a request holds a thread and a database connection while it lasts
  params->setKeepAlive(true);
  params->setTimeout(Poco::Timespan(20, 0));  // a silent client does not hold a thread for long
  impl_->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(impl_->shared), socket, params);
}

IntakeServer::~IntakeServer() { stop(); }
void IntakeServer::start() { impl_->server->start(); }
void IntakeServer::stop() {
  if (impl_ && impl_->server) impl_->server->stopAll(true);
}
int IntakeServer::port() const { return impl_->port; }

}  // namespace sohoa::exporter

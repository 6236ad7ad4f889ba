#include "export/upload.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "export/package.hpp"
#include "export/signing.hpp"

namespace sohoa::exporter {
namespace fs = std::filesystem;
namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_atomically(const fs::path& p, const std::string& text) {
  {
    std::ofstream out(p.string() + ".tmp", std::ios::binary);
    out << text;
    out.flush();
    if (!out) throw ExportError("cannot write " + p.string());
  }
  fs::rename(p.string() + ".tmp", p);
}

// The intake refused the package: retrying will not help.
struct Refused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Client {
 public:
  Client(const std::string& url, const UploadOptions& o) : uri_(url) {
    if (uri_.getScheme() != "https") throw Refused("the intake address must be https://, not " + url);
    context_ = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", o.ca_file, Poco::Net::Context::VERIFY_STRICT, 9,
                                      o.ca_file.empty());
  }
  // One request; returns status and JSON body. Network failures throw Poco exceptions.
  std::pair<int, Json> call(const std::string& method, const std::string& path_and_query, const std::string& body = {}) {
    Poco::Net::HTTPSClientSession session(uri_.getHost(), uri_.getPort(), context_);
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest req(method, base() + path_and_query, Poco::Net::HTTPMessage::HTTP_1_1);
    req.setContentLength(static_cast<std::streamsize>(body.size()));
    if (!body.empty()) req.setContentType("application/zip");
    session.sendRequest(req).write(body.data(), static_cast<std::streamsize>(body.size()));
    Poco::Net::HTTPResponse res;
    std::istream& in = session.receiveResponse(res);
    std::stringstream ss;
    ss << in.rdbuf();
    Json j;
    try {
      j = Json::parse(ss.str());
    } catch (const std::exception&) {
      throw std::runtime_error("the intake answered " + std::to_string(res.getStatus()) + " without JSON");
    }
    return {static_cast<int>(res.getStatus()), j};
  }

 private:
  std::string base() const {
    std::string p = uri_.getPath();
    while (!p.empty() && p.back() == '/') p.pop_back();
    return p;
  }
  Poco::URI uri_;
  Poco::Net::Context::Ptr context_;
};

// Sends one package until the intake gives a receipt; throws Refused, or std::exception for a
// failure worth retrying.
Json send(const fs::path& zip, const Json& state, const UploadOptions& o) {
  const std::string bytes = read_all(zip);
  const std::string batch = state.at("batch_id"), sha = state.at("sha256");
  const std::string q = "?sha256=" + sha + "&size=" + std::to_string(bytes.size());
  Client client(state.at("to"), o);
  auto [status, body] = client.call("GET", "/uploads/" + batch + q);
  if (status != 200) throw Refused(body.value("error", "refused with status " + std::to_string(status)));
  std::size_t offset = body.value("received", std::size_t{0});
  if (body.value("state", "") == "complete") {  // received before (a replay): the intake's note says so
    if (o.log && body.contains("note")) o.log(body["note"].get<std::string>());
    Json r = body.at("receipt");
    r["replayed"] = true;
    return r;
  }
  if (offset > 0 && o.log) o.log("batch " + batch + ": resuming at byte " + std::to_string(offset) + " of " + std::to_string(bytes.size()));
  while (offset < bytes.size()) {
    const std::size_t n = std::min(o.chunk, bytes.size() - offset);
    auto [s, b] = client.call("PUT", "/uploads/" + batch + q + "&offset=" + std::to_string(offset), bytes.substr(offset, n));
    if (s == 200 && b.value("state", "") == "complete") return b.at("receipt");
    if (s == 409 && b.contains("received")) {  // the intake stands elsewhere (a chunk it kept before the cut): go on from there
      offset = b["received"].get<std::size_t>();
      continue;
    }
    if (s != 200) throw Refused(b.value("error", "chunk refused with status " + std::to_string(s)));
    offset = b.at("received").get<std::size_t>();
  }
  auto [s, b] = client.call("POST", "/uploads/" + batch + "/complete" + q);
  if (s == 200) return b.at("receipt");
  if (s == 409 && b.contains("received")) throw std::runtime_error(b.value("error", "incomplete"));  // resume on the next attempt
  throw Refused(b.value("error", "refused with status " + std::to_string(s)));
}

}  // namespace

std::string enqueue(const fs::path& package, const std::string& to_url, const UploadOptions& o) {
  if (!fs::is_regular_file(package)) throw ExportError(package.string() + ": no such package");
  const std::string bytes = read_all(package);
  std::string batch;
  for (const auto& [path, content] : read_zip(bytes))
    if (path == "manifest.json") batch = Json::parse(content).value("batch_id", "");
  if (batch.empty()) throw ExportError(package.string() + ": no manifest.json with a batch_id (not a sohoa package)");
  fs::create_directories(o.queue);
  const Json state = {{"batch_id", batch}, {"to", to_url}, {"sha256", sha256_hex(bytes)}, {"size", bytes.size()}};
  write_atomically(o.queue / (batch + ".zip"), bytes);  // the package first, then its state: a state always has its package
  write_atomically(o.queue / (batch + ".json"), state.dump(2) + "\n");
  return batch;
}

std::vector<UploadOutcome> process_queue(const UploadOptions& o) {
  std::vector<UploadOutcome> out;
  if (!fs::is_directory(o.queue)) return out;
  std::vector<fs::path> states;
  for (const auto& e : fs::directory_iterator(o.queue))
    if (e.is_regular_file() && e.path().extension() == ".json") states.push_back(e.path());
  std::sort(states.begin(), states.end());
  for (const auto& sp : states) {
    UploadOutcome r;
    Json state;
    try {
      state = Json::parse(read_all(sp));
    } catch (const std::exception&) {
      r.error = sp.filename().string() + ": unreadable queue entry";
      out.push_back(r);
      continue;
    }
    r.batch_id = state.value("batch_id", "");
    const fs::path zip = o.queue / (r.batch_id + ".zip");
    int delay = o.backoff_ms;
    for (int attempt = 0;; ++attempt) {
      try {
        r.receipt = send(zip, state, o);
        r.ok = true;
        fs::create_directories(o.queue / "receipts");
        write_atomically(o.queue / "receipts" / (r.batch_id + ".json"), r.receipt.dump(2) + "\n");
        fs::remove(zip), fs::remove(sp);
        break;
      } catch (const Refused& e) {
        r.error = e.what();
        fs::create_directories(o.queue / "refused");
        fs::rename(zip, o.queue / "refused" / zip.filename());
        Json s = state;
        s["refused"] = r.error;
        write_atomically(o.queue / "refused" / sp.filename(), s.dump(2) + "\n");
        fs::remove(sp);
        break;
      } catch (const Poco::Exception& e) {
        r.error = e.displayText();  // Poco's what() is only the class of the error ("SSL Exception")
        if (attempt >= o.retries) break;
        if (o.log) o.log("batch " + r.batch_id + ": " + r.error + "; retrying in " + std::to_string(delay) + " ms");
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        delay = std::min(delay * 2, 30000);
      } catch (const std::exception& e) {
        r.error = e.what();
        if (attempt >= o.retries) break;  // stays queued for the next run
        if (o.log) o.log("batch " + r.batch_id + ": " + r.error + "; retrying in " + std::to_string(delay) + " ms");
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        delay = std::min(delay * 2, 30000);
      }
    }
    out.push_back(r);
  }
  return out;
}

}  // namespace sohoa::exporter

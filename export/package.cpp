#include "export/package.hpp"

#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <Poco/DateTime.h>
#include <Poco/Zip/Compress.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>

#include "export/exchange_xml.hpp"
#include "export/pdf.hpp"

namespace sohoa::exporter {
namespace fs = std::filesystem;
namespace {

std::string now_iso() {
  const std::time_t t = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

void count_fields(const Json& node, int& fields, int& review) {
  if (node.is_object() && node.contains("value") && node.contains("review")) {
    ++fields;
    review += node["review"].get<bool>();
    return;
  }
  if (node.is_structured())
    for (const auto& c : node) count_fields(c, fields, review);
}

// A name fit for a path inside the ZIP: the dossier id with anything but [A-Za-z0-9._-] replaced.
std::string safe_name(const std::string& id) {
  std::string out;
  for (char c : id) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') ? c : '_';
  if (out.empty() || out[0] == '.') out = "_" + out;
  return out;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> read_zip(const std::string& zip_bytes) {
  std::vector<std::pair<std::string, std::string>> files;
  // Poco reads anything without complaint (no entries): a ZIP starts with a local file header
  if (zip_bytes.size() < 22 || zip_bytes.compare(0, 4, "PK\x03\x04") != 0) throw ExportError("not a readable ZIP (no ZIP header at its start)");
  try {
    std::istringstream in(zip_bytes);
    Poco::Zip::ZipArchive archive(in);
    for (auto it = archive.headerBegin(); it != archive.headerEnd(); ++it) {
      if (it->second.isDirectory()) continue;
      std::istringstream again(zip_bytes);
      Poco::Zip::ZipInputStream zin(again, it->second, true);
      std::stringstream content;
      content << zin.rdbuf();
      files.emplace_back(it->first, content.str());
    }
  } catch (const std::exception& e) {
    throw ExportError(std::string("not a readable ZIP (") + e.what() + ")");
  }
  return files;
}

Json write_package(const std::vector<DossierExport>& dossiers, const PackageOptions& options, const StationKey& key,
                   const fs::path& out) {
  if (options.batch_id.empty()) throw ExportError("a batch needs an id");
  if (dossiers.empty()) throw ExportError("batch " + options.batch_id + ": no dossiers to export");
  Json manifest = {{"schema", "sohoa.package/1"},
                   {"batch_id", options.batch_id},
                   {"station_id", options.station_id},
                   {"created_at", options.created_at.empty() ? now_iso() : options.created_at},
                   {"key_id", key.key_id()},
                   {"dossiers", Json::array()}};
  std::vector<std::pair<std::string, std::string>> files;  // path in the ZIP, bytes
  std::set<std::string> names;
  int total_files = 0;
  for (const auto& d : dossiers) {
    const std::string dir = safe_name(d.id());
    if (!names.insert(dir).second) throw ExportError("batch " + options.batch_id + ": dossier " + d.id() + " is in it twice");
    const std::string pdf_path = dir + "/" + dir + ".pdf";
    std::vector<std::pair<std::string, std::string>> own = {
        {pdf_path, render_pdf(d)},
        {dir + "/" + dir + ".xml", render_exchange_xml(d, pdf_path)},
        {dir + "/dossier.json", d.record.dump(2) + "\n"}};
    Json entry = {{"id", d.id()}, {"operator", d.operator_id}, {"clerk", d.clerk}, {"files", Json::array()}};
    const char* roles[] = {"pdf", "xml", "record"};
    for (std::size_t i = 0; i < own.size(); ++i)
      entry["files"].push_back({{"path", own[i].first}, {"role", roles[i]}, {"size", own[i].second.size()}, {"sha256", sha256_hex(own[i].second)}});
    int fields = 0, review = 0;
    for (const auto& doc : d.record.value("documents", Json::array())) count_fields(doc.value("fields", Json::object()), fields, review);
    entry["counts"] = {{"scans", d.scans.size()},
                       {"documents", d.record.value("documents", Json::array()).size()},
                       {"fields", fields},
                       {"fields_to_review", review},
                       {"files", own.size()}};
    total_files += static_cast<int>(own.size());
    manifest["dossiers"].push_back(entry);
    for (auto& f : own) files.push_back(std::move(f));
  }
  manifest["counts"] = {{"dossiers", dossiers.size()}, {"files", total_files}};
  const std::string manifest_text = manifest.dump(2) + "\n";
  const std::string signature = base64(key.sign(manifest_text)) + "\n";

  const fs::path tmp = out.string() + ".tmp";
  if (out.has_parent_path()) fs::create_directories(out.parent_path());
  {
    std::ofstream zip(tmp, std::ios::binary);
    if (!zip) throw ExportError("cannot write " + tmp.string());
    Poco::Zip::Compress compress(zip, true);
    const Poco::DateTime stamp(2020, 1, 1);  // entries carry no clock time: same content, same bytes
    auto add = [&](const std::string& path, const std::string& bytes, bool deflate) {
      std::istringstream in(bytes);
      compress.addFile(in, stamp, Poco::Path(path, Poco::Path::PATH_UNIX),
                       deflate ? Poco::Zip::ZipCommon::CM_DEFLATE : Poco::Zip::ZipCommon::CM_STORE);
    };
    add("manifest.json", manifest_text, true);
    add("manifest.sig", signature, false);
    for (const auto& [path, bytes] : files) add(path, bytes, path.size() < 4 || path.substr(path.size() - 4) != ".pdf");
    compress.close();
    zip.flush();
    if (!zip) throw ExportError("cannot write " + tmp.string());
  }
  fs::rename(tmp, out);
  return manifest;
}

Verification verify_package_bytes(const std::string& zip, const std::vector<std::string>& trusted) {
  Verification v;
  auto problem = [&](const std::string& p) { v.problems.push_back(p); };
  std::map<std::string, std::string> files;
  try {
    for (auto& [path, bytes] : read_zip(zip)) files[path] = std::move(bytes);
  } catch (const std::exception& e) {
    problem(std::string("the package is ") + e.what());
    return v;
  }
  if (!files.count("manifest.json")) problem("manifest.json is missing");
  if (!files.count("manifest.sig")) problem("manifest.sig is missing");
  if (!v.problems.empty()) return v;
  try {
    v.manifest = Json::parse(files["manifest.json"]);
  } catch (const std::exception& e) {
    problem(std::string("manifest.json is not valid JSON: ") + e.what());
    return v;
  }
  std::string signature;
  try {
    signature = unbase64(files["manifest.sig"]);
  } catch (const std::exception&) {
    problem("manifest.sig is not a base64 signature");
  }
  const std::string key_id = v.manifest.value("key_id", "");
  bool known = false;
  for (const auto& pem : trusted) {
    if (public_key_id(pem) != key_id) continue;
    known = true;
    if (verify_signature(pem, files["manifest.json"], signature)) v.signed_by = key_id;
  }
  if (!known) problem("manifest.json is signed by key " + key_id + ", which is not a trusted station key");
  else if (v.signed_by.empty()) problem("bad signature: manifest.sig does not verify manifest.json under station key " + key_id);
  if (v.manifest.value("schema", "") != "sohoa.package/1") problem("manifest.json is not a sohoa.package/1 manifest");
  if (v.manifest.value("batch_id", "").empty()) problem("manifest.json has no batch_id");

  std::set<std::string> listed = {"manifest.json", "manifest.sig"};
  int count = 0;
  for (const auto& d : v.manifest.value("dossiers", Json::array())) {
    for (const auto& f : d.value("files", Json::array())) {
      const std::string path = f.value("path", "");
      listed.insert(path);
      ++count;
      const auto it = files.find(path);
      if (it == files.end()) {
        problem("missing file: " + path + " (dossier " + d.value("id", "") + ")");
        continue;
      }
      if (it->second.size() != f.value("size", std::size_t{0}))
        problem("size mismatch: " + path + " has " + std::to_string(it->second.size()) + " bytes, the manifest says " +
                std::to_string(f.value("size", std::size_t{0})));
      else if (sha256_hex(it->second) != f.value("sha256", ""))
        problem("checksum mismatch: " + path + " (SHA-256 " + sha256_hex(it->second) + ", the manifest says " + f.value("sha256", "") + ")");
    }
  }
  const Json& counts = v.manifest.value("counts", Json::object());
  if (counts.value("files", -1) != count) problem("manifest.json counts " + std::to_string(counts.value("files", -1)) + " files but lists " + std::to_string(count));
  if (counts.value("dossiers", -1) != static_cast<int>(v.manifest.value("dossiers", Json::array()).size()))
    problem("manifest.json's dossier count does not match its list");
  for (const auto& [path, bytes] : files)
    if (!listed.count(path)) problem("unexpected file: " + path + " is not in the manifest");
  v.ok = v.problems.empty();
  return v;
}

Verification verify_package(const fs::path& zip, const std::vector<std::string>& trusted) {
  if (!fs::is_regular_file(zip)) {
    Verification v;
    v.problems.push_back(zip.filename().string() + ": no such file");
    return v;
  }
  return verify_package_bytes(read_file(zip), trusted);
}

std::vector<std::string> load_public_keys(const fs::path& file_or_dir) {
  std::vector<std::string> keys;
  if (fs::is_directory(file_or_dir)) {
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(file_or_dir))
      if (e.is_regular_file() && (e.path().extension() == ".pem" || e.path().extension() == ".pub")) paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) keys.push_back(read_file(p));
  } else if (fs::is_regular_file(file_or_dir)) {
    keys.push_back(read_file(file_or_dir));
  } else {
    throw ExportError(file_or_dir.string() + ": no such key file or folder");
  }
  for (const auto& k : keys)
    if (public_key_id(k).empty()) throw ExportError(file_or_dir.string() + ": holds a file that is not a PEM public key");
  if (keys.empty()) throw ExportError(file_or_dir.string() + ": no *.pem public keys in it");
  return keys;
}

}  // namespace sohoa::exporter

#include "export/dossier_export.hpp"

#include <algorithm>
#include <fstream>

namespace sohoa::exporter {
namespace fs = std::filesystem;

namespace {
Json read_json(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw ExportError(file.string() + ": cannot be read");
  try {
    return Json::parse(in);
  } catch (const std::exception& e) {
    throw ExportError(file.string() + ": not valid JSON (" + e.what() + ")");
  }
}
}  // namespace

std::vector<std::string> scan_sources(const DossierExport& d) {
  std::vector<std::string> out;
  auto add = [&](const std::string& s) {
    if (!s.empty() && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  };
  // a file the ingest could not read (not an image) has no page to put in the PDF
  if (d.ocr.is_object())
    for (const auto& f : d.ocr.value("files", Json::array()))
      if (!f.contains("error")) add(f.value("source", ""));
  for (const auto& p : d.record.value("pages", Json::array())) add(p.value("source", ""));
  return out;
}

DossierExport load_ingest_folder(const fs::path& dir, const std::optional<fs::path>& scans_dir, const std::string& operator_id,
                                 const std::string& clerk) {
  DossierExport d;
  if (!fs::is_regular_file(dir / "dossier.json")) throw ExportError(dir.string() + ": no dossier.json (not an ingest output folder)");
  d.record = read_json(dir / "dossier.json");
  if (d.record.value("schema", "") != "sohoa.dossier/1")
    throw ExportError((dir / "dossier.json").string() + ": not a sohoa.dossier/1 record");
  if (fs::is_regular_file(dir / "ocr.json")) d.ocr = read_json(dir / "ocr.json");
  d.operator_id = operator_id, d.clerk = clerk;
  std::map<std::string, fs::path> recorded;
  if (d.ocr.is_object())
    for (const auto& f : d.ocr.value("files", Json::array())) recorded[f.value("source", "")] = f.value("path", "");
  for (const auto& source : scan_sources(d)) {
    fs::path found;
    if (scans_dir && fs::is_regular_file(*scans_dir / source)) found = *scans_dir / source;
    else if (scans_dir && fs::is_regular_file(*scans_dir / d.id() / source)) found = *scans_dir / d.id() / source;
    else if (recorded.count(source) && !recorded[source].empty() && fs::is_regular_file(recorded[source])) found = recorded[source];
    if (found.empty())
      throw ExportError("dossier " + d.id() + ": scan " + source + " not found" + (scans_dir ? " in " + scans_dir->string() : " at its recorded path"));
    d.scans[source] = found;
  }
  return d;
}

}  // namespace sohoa::exporter

// What the export needs of one dossier, whoever holds it: the ingest's output folder
// (dossier.json + ocr.json) or the station's store (record, scans, OCR, who did the work).
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/field.hpp"

namespace sohoa::exporter {

struct ExportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct DossierExport {
  Json record;  // dossier.json (sohoa.dossier/1)
  Json ocr;     // ocr.json (sohoa.ocr/1); null when no OCR words are known
  std::map<std::string, std::filesystem::path> scans;  // scan file by source name ("p01.jpg")
  std::string operator_id;  // who scanned
  std::string clerk;        // who approved
  std::string id() const { return record.value("dossier_id", ""); }
};

// Reads an ingest output folder. Scans are looked up in scans_dir when given, else at the paths
// ocr.json recorded; a scan that cannot be found is an ExportError naming the source.
DossierExport load_ingest_folder(const std::filesystem::path& dir, const std::optional<std::filesystem::path>& scans_dir,
                                 const std::string& operator_id, const std::string& clerk);

// The sources of the dossier's scans in page order: ocr.json's files (but those the ingest could not
// read), then any other source the record names.
std::vector<std::string> scan_sources(const DossierExport& d);

}  // namespace sohoa::exporter

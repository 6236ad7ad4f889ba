// Exporting an upload batch from the station's store: every approved dossier not yet exported is
// filed into the batch, and the batch's signed package (export/package.hpp) is written from the
// records, the original scans and the OCR words the reading kept; the dossiers become `exported`.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/field.hpp"
#include "station/store.hpp"

namespace sohoa::station {

struct BatchExport {
  std::string batch;
  std::vector<std::int64_t> dossiers;
  Json manifest;
};

// data: the station's data folder (scans and records under data/dossiers/<id>/). Throws
// StoreError (no approved dossier) or exporter::ExportError (naming the dossier and the problem).
BatchExport export_batch(Store& store, const std::filesystem::path& data, const std::string& batch, const std::string& station,
                         const std::filesystem::path& key_file, const std::filesystem::path& out, const std::string& user);

}  // namespace sohoa::station

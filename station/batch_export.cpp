#include "station/batch_export.hpp"

#include <fstream>

#include "export/package.hpp"

namespace sohoa::station {
namespace fs = std::filesystem;

BatchExport export_batch(Store& store, const fs::path& data, const std::string& batch, const std::string& station,
                         const fs::path& key_file, const fs::path& out, const std::string& user) {
  BatchExport result{batch, {}, {}};
  std::vector<exporter::DossierExport> dossiers;
  for (const auto& row : store.file_batch(batch, user)) {
    exporter::DossierExport d;
    d.record = store.record(row.id).value_or(Json());
    const fs::path ocr = data / "dossiers" / std::to_string(row.id) / "record" / "ocr.json";
    if (std::ifstream in(ocr); in) d.ocr = Json::parse(in);
    for (const auto& p : store.page_rows(row.id)) d.scans[p.source] = p.file;
    d.operator_id = row.created_by;
    d.clerk = store.approver(row.id);
    dossiers.push_back(std::move(d));
    result.dossiers.push_back(row.id);
  }
  exporter::PackageOptions options;
  options.batch_id = batch;
  options.station_id = station;
  result.manifest = exporter::write_package(dossiers, options, exporter::StationKey::load_or_create(key_file), out);
  for (const auto id : result.dossiers)
    if (store.dossier(id)->state == DossierState::Approved) store.set_state(id, DossierState::Exported, user, "batch " + batch);
  return result;
}

}  // namespace sohoa::station

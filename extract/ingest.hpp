// The ingest: scans of dossiers in, dossier.json (and the prepared document images) out. Files
// of all dossiers of a run are shared among the worker threads; a dossier is assembled as soon
// as its last file has been read.
#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "capture/profile.hpp"
#include "core/field.hpp"

namespace sohoa::extract {

struct DossierJob {
  std::string id;                             // dossier_id
  std::vector<std::filesystem::path> files;   // its scans
  std::filesystem::path out;                  // folder for dossier.json and the images
};

struct IngestOptions {
  int workers = 2;
  capture::PrepareProfile profile;
  int today_year = 2026;
  bool write_images = true;
};

struct DossierDone {
  const DossierJob* job = nullptr;
  int pages = 0, documents = 0, flagged = 0, fields = 0;
  std::vector<std::string> errors;  // "file: what is wrong", never personal data
  bool written = true;              // dossier.json was written
  double seconds = 0;
};

// Runs every job; on_done is called (from a worker, one at a time) as each dossier is written.
void ingest(const std::vector<DossierJob>& jobs, const IngestOptions& options,
            const std::function<void(const DossierDone&)>& on_done);


}  // namespace sohoa::extract

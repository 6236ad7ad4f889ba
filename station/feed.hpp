// A fed batch: the pages of scan files (multi-page PDFs and TIFFs, images) in order, split into
// dossiers (extract/split.hpp) and written as one folder of page images per dossier. Used by
// `sohoa split` and `sohoa ingest --feed`.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "capture/scan_settings.hpp"
#include "core/field.hpp"
#include "extract/split.hpp"
#include "ocr/engine.hpp"

namespace sohoa::station {

struct FeedDossier {
  std::string folder;                       // the separator's number, or b001, b002, … by order
  std::filesystem::path dir;                // out/folder
  std::vector<std::filesystem::path> pages; // its page images, in order
};

struct FeedResult {
  std::vector<FeedDossier> dossiers;
  Json report;          // written to out/split.json
  std::vector<std::string> errors;  // files that could not be read ("file: why")
};

// The splitter's settings from a scanner profile: page preparation, and from its scan section
// (or the defaults, for a profile without one) what a blank page is and which patch codes
// separate. engines: for a batch without separator sheets (nullptr: one dossier).
extract::SplitOptions split_options(const capture::ScannerProfile& profile, ocr::EnginePool* engines);

// files: in batch order.
FeedResult split_feed(const std::vector<std::filesystem::path>& files, const std::filesystem::path& out,
                      const extract::SplitOptions& options);

}  // namespace sohoa::station

// A fed batch: the pages of scan files (multi-page PDFs and TIFFs, images) in order, split into
// dossiers (extract/split.hpp) and written as one folder of page images per dossier. Used by
// `sohoa split` and `sohoa ingest --feed`.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "capture/profile.hpp"
#include "core/field.hpp"
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

// files: in batch order. engines: for a batch without separator sheets (nullptr: one dossier).
FeedResult split_feed(const std::vector<std::filesystem::path>& files, const std::filesystem::path& out,
                      const capture::PrepareProfile& profile, double blank_ink_max, ocr::EnginePool* engines);

}  // namespace sohoa::station
